/**
 * The window for a reviewer's key (certificate role `reviewer`): the same app, the bianban's navigation.
 * Everything here talks to the server live through the reviewer channels.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { AlertOutlined, AuditOutlined, BarChartOutlined, BookOutlined, HistoryOutlined, LogoutOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { KeyStatus } from '../../domain/contract/views';
import { api } from '../api/api';
import { navigate, useRoute } from '../app/router';

const ReviewQueueScreen = lazy(() => import('./ReviewQueueScreen'));
const ReviewHistoryScreen = lazy(() => import('./ReviewHistoryScreen'));
const CertificatesScreen = lazy(() => import('./CertificatesScreen'));
const LedgerAdminScreen = lazy(() => import('./LedgerAdminScreen'));
const SupervisionScreen = lazy(() => import('./SupervisionScreen'));
const JurisdictionStatsScreen = lazy(() => import('./JurisdictionStatsScreen'));

const MENU = [
  { key: 'review', icon: <AuditOutlined />, label: '审核工作台' },
  { key: 'history', icon: <HistoryOutlined />, label: '审核记录' },
  { key: 'ledger', icon: <BookOutlined />, label: '台账管理' },
  { key: 'certs', icon: <SafetyCertificateOutlined />, label: '证书管理' },
  { key: 'supervision', icon: <AlertOutlined />, label: '监督检查' },
  { key: 'stats', icon: <BarChartOutlined />, label: '统计' },
];

function screenFor(key: string): ReactNode {
  switch (key) {
    case 'history':
      return <ReviewHistoryScreen />;
    case 'certs':
      return <CertificatesScreen />;
    case 'ledger':
      return <LedgerAdminScreen />;
    case 'supervision':
      return <SupervisionScreen />;
    case 'stats':
      return <JurisdictionStatsScreen />;
    default:
      return <ReviewQueueScreen />;
  }
}

export default function ReviewerShell({ status }: { status: KeyStatus }) {
  const qc = useQueryClient();
  const { parts } = useRoute();
  const current = MENU.some((m) => m.key === parts[0]) ? parts[0]! : 'review';

  async function logout() {
    const next = await api.call('key:logout', {});
    qc.clear();
    qc.setQueryData(['key:status', {}], next);
  }

  return (
    <Layout style={{ height: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, padding: '0 20px', background: '#7a3e1d' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          电子编制管理证 · 编办审核
        </Typography.Title>
        <Typography.Text style={{ color: '#fff', fontSize: 16, flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} data-testid="header-reviewer">
          {status.identity?.unitName ?? ''} {status.identity?.holderName ?? ''}
        </Typography.Text>
        <Space size="middle">
          <Tag color="gold">审核人员</Tag>
          {status.identity?.demo && <Tag color="orange">演示密钥</Tag>}
          <Button icon={<LogoutOutlined />} onClick={() => void logout()}>
            退出
          </Button>
        </Space>
      </Layout.Header>
      <Layout style={{ flex: 1, minHeight: 0 }}>
        <Layout.Sider width={176} theme="light" style={{ borderRight: '1px solid #e8e8e8' }}>
          <Menu mode="inline" selectedKeys={[current]} style={{ borderRight: 0, fontSize: 16 }} items={MENU} onClick={(e) => navigate(`/${e.key}`)} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 20, overflow: 'auto' }}>
          <Suspense fallback={<Spin size="large" style={{ display: 'block', marginTop: 80 }} />}>{screenFor(current)}</Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
