/**
 * The frame both windows share — the unit officer's and the reviewer's: a coloured header (title, whose key,
 * tags, 退出), the menu on the left, and one screen at a time on the right.
 */
import { Suspense, type ReactNode } from 'react';
import { Button, Layout, Menu, Space, Spin, Typography, type MenuProps } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/api';
import { navigate } from '../app/router';

export function AppFrame(p: {
  color: string;
  title: string;
  subtitle: ReactNode;
  subtitleTestId: string;
  tags?: ReactNode;
  menu: MenuProps['items'];
  current: string;
  children: ReactNode;
}) {
  const qc = useQueryClient();

  async function logout() {
    const next = await api.call('key:logout', {});
    qc.clear();
    qc.setQueryData(['key:status', {}], next);
  }

  return (
    <Layout style={{ height: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, padding: '0 20px', background: p.color }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          {p.title}
        </Typography.Title>
        <Typography.Text style={{ color: '#fff', fontSize: 16, flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} data-testid={p.subtitleTestId}>
          {p.subtitle}
        </Typography.Text>
        <Space size="middle">
          {p.tags}
          <Button icon={<LogoutOutlined />} onClick={() => void logout()}>
            退出
          </Button>
        </Space>
      </Layout.Header>
      <Layout style={{ flex: 1, minHeight: 0 }}>
        <Layout.Sider width={176} theme="light" style={{ borderRight: '1px solid #e8e8e8' }}>
          <Menu mode="inline" selectedKeys={[p.current]} style={{ borderRight: 0, fontSize: 16 }} items={p.menu} onClick={(e) => navigate(`/${e.key}`)} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 20, overflow: 'auto' }}>{p.children}</Layout.Content>
      </Layout>
    </Layout>
  );
}

/** A lazily loaded screen, with a large spinner while its code arrives. */
export function ScreenLoader({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spin size="large" style={{ display: 'block', marginTop: 80 }} />}>{children}</Suspense>;
}
