/** The window after login: the menu on the left, the unit and key at the top, one screen at a time. */
import { lazy, Suspense, type ReactNode } from 'react';
import { Badge, Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CloudSyncOutlined,
  FileAddOutlined,
  HomeOutlined,
  LogoutOutlined,
  PrinterOutlined,
  TeamOutlined,
  UserDeleteOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { KeyStatus } from '../../domain/contract/views';
import { api } from '../api/api';
import { useApi } from '../api/hooks';
import { navigate, useRoute } from './router';
import { HomeScreen } from '../screens/HomeScreen';
import { SyncBadge } from '../components/SyncBadge';

const UnitScreen = lazy(() => import('../screens/UnitScreen'));
const LedgerScreen = lazy(() => import('../screens/LedgerScreen'));
const StaffScreen = lazy(() => import('../screens/StaffScreen'));
const DepartedScreen = lazy(() => import('../screens/DepartedScreen'));
const FileScreen = lazy(() => import('../screens/FileScreen'));
const RequestsScreen = lazy(() => import('../screens/RequestsScreen'));
const AlarmsScreen = lazy(() => import('../screens/AlarmsScreen'));
const StatsScreen = lazy(() => import('../screens/StatsScreen'));
const SyncScreen = lazy(() => import('../screens/SyncScreen'));
const PrintScreen = lazy(() => import('../screens/PrintScreen'));

const MENU = [
  { key: 'home', icon: <HomeOutlined />, label: '首页' },
  { key: 'unit', icon: <ApartmentOutlined />, label: '机构信息' },
  { key: 'ledger', icon: <BookOutlined />, label: '编制台账' },
  { key: 'staff', icon: <TeamOutlined />, label: '实有人员' },
  { key: 'departed', icon: <UserDeleteOutlined />, label: '减少人员' },
  { key: 'file', icon: <FileAddOutlined />, label: '业务申报' },
  { key: 'requests', icon: <AuditOutlined />, label: '我的申报' },
  { key: 'alarms', icon: <AlertOutlined />, label: '预警' },
  { key: 'stats', icon: <BarChartOutlined />, label: '统计分析' },
  { key: 'sync', icon: <CloudSyncOutlined />, label: '同步' },
  { key: 'print', icon: <PrinterOutlined />, label: '打印中心' },
];

function screenFor(parts: string[]): ReactNode {
  switch (parts[0]) {
    case 'unit':
      return <UnitScreen />;
    case 'ledger':
      return <LedgerScreen />;
    case 'staff':
      return <StaffScreen />;
    case 'departed':
      return <DepartedScreen />;
    case 'file':
      return <FileScreen kind={parts[1]} draftId={parts[2]} />;
    case 'requests':
      return <RequestsScreen />;
    case 'alarms':
      return <AlarmsScreen />;
    case 'stats':
      return <StatsScreen />;
    case 'sync':
      return <SyncScreen />;
    case 'print':
      return <PrintScreen />;
    default:
      return <HomeScreen />;
  }
}

export function Shell({ status }: { status: KeyStatus }) {
  const qc = useQueryClient();
  const { parts } = useRoute();
  const home = useApi('home:summary', {}, { enabled: status.unitId !== null });
  const alarms = home.data?.alarms.total ?? 0;
  const current = MENU.some((m) => m.key === parts[0]) ? parts[0]! : 'home';

  async function logout() {
    const next = await api.call('key:logout', {});
    qc.clear();
    qc.setQueryData(['key:status', {}], next);
  }

  return (
    <Layout style={{ height: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, padding: '0 20px', background: '#1f5fa8' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          电子编制管理证
        </Typography.Title>
        <Typography.Text style={{ color: '#fff', fontSize: 16, flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} data-testid="header-unit">
          {home.data?.unit.name ?? status.identity?.unitName ?? ''}
        </Typography.Text>
        <Space size="middle">
          {status.identity?.demo && <Tag color="orange">演示密钥</Tag>}
          <SyncBadge />
          <Button icon={<LogoutOutlined />} onClick={() => void logout()}>
            退出
          </Button>
        </Space>
      </Layout.Header>
      <Layout style={{ flex: 1, minHeight: 0 }}>
        <Layout.Sider width={176} theme="light" style={{ borderRight: '1px solid #e8e8e8' }}>
          <Menu
            mode="inline"
            selectedKeys={[current]}
            style={{ borderRight: 0, fontSize: 16 }}
            items={MENU.map((m) => ({
              ...m,
              label: m.key === 'alarms' && alarms > 0 ? <Badge count={alarms} offset={[14, 0]} size="small">{m.label}</Badge> : m.label,
            }))}
            onClick={(e) => navigate(`/${e.key}`)}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 20, overflow: 'auto' }}>
          {status.unitId === null ? (
            <NoData />
          ) : (
            <Suspense fallback={<Spin size="large" style={{ display: 'block', marginTop: 80 }} />}>{screenFor(parts)}</Suspense>
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function NoData() {
  const SyncLazy = SyncScreen;
  return (
    <Suspense fallback={<Spin />}>
      <Typography.Paragraph style={{ fontSize: 18 }}>本机还没有本单位的数据。请连接编办服务器，点击“立即同步”下载本单位数据。</Typography.Paragraph>
      <SyncLazy />
    </Suspense>
  );
}
