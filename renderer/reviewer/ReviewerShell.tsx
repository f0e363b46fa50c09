/**
 * The window for a reviewer's key (certificate role `reviewer`): the same app, the bianban's navigation.
 * Everything here talks to the server live through the reviewer channels.
 */
import { lazy, type ReactNode } from 'react';
import { Tag } from 'antd';
import { AlertOutlined, AuditOutlined, BarChartOutlined, BookOutlined, HistoryOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { KeyStatus } from '../../domain/contract/views';
import { useRoute } from '../app/router';
import { AppFrame, ScreenLoader } from '../components/AppFrame';

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
  const { parts } = useRoute();
  const current = MENU.some((m) => m.key === parts[0]) ? parts[0]! : 'review';
  return (
    <AppFrame
      color="#7a3e1d"
      title="电子编制管理证 · 编办审核"
      subtitle={`${status.identity?.unitName ?? ''} ${status.identity?.holderName ?? ''}`}
      subtitleTestId="header-reviewer"
      tags={
        <>
          <Tag color="gold">审核人员</Tag>
          {status.identity?.demo && <Tag color="orange">演示密钥</Tag>}
        </>
      }
      menu={MENU}
      current={current}
    >
      <ScreenLoader>{screenFor(current)}</ScreenLoader>
    </AppFrame>
  );
}
