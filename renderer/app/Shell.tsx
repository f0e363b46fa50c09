/** The window after login: the menu on the left, the unit and key at the top, one screen at a time. */
import { lazy, Suspense, type ReactNode } from 'react';
import { Badge, Spin, Tag, Typography } from 'antd';
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CloudSyncOutlined,
  FileAddOutlined,
  HomeOutlined,
  PrinterOutlined,
  TeamOutlined,
  UserDeleteOutlined,
} from '@ant-design/icons';
import type { KeyStatus } from '../../domain/contract/views';
import { useApi } from '../api/hooks';
import { useRoute } from './router';
import { AppFrame, ScreenLoader } from '../components/AppFrame';
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
  const { parts } = useRoute();
  const home = useApi('home:summary', {}, { enabled: status.unitId !== null });
  const alarms = home.data?.alarms.total ?? 0;
  const current = MENU.some((m) => m.key === parts[0]) ? parts[0]! : 'home';
  return (
    <AppFrame
      color="#1f5fa8"
      title="电子编制管理证"
      subtitle={home.data?.unit.name ?? status.identity?.unitName ?? ''}
      subtitleTestId="header-unit"
      tags={
        <>
          {status.identity?.demo && <Tag color="orange">演示密钥</Tag>}
          <SyncBadge />
        </>
      }
      menu={MENU.map((m) => ({
        ...m,
        label: m.key === 'alarms' && alarms > 0 ? <Badge count={alarms} offset={[14, 0]} size="small">{m.label}</Badge> : m.label,
      }))}
      current={current}
    >
      {status.unitId === null ? <NoData /> : <ScreenLoader>{screenFor(parts)}</ScreenLoader>}
    </AppFrame>
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
