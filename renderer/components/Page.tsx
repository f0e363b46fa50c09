/** Screen frame: a title, optional actions, and a friendly state while loading or on error. */
import type { ReactNode } from 'react';
import { Alert, Space, Spin, Typography } from 'antd';
import { errorText } from '../app/errors';

export function Page({ title, extra, children, testId }: { title: string; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <div style={{ display: 'flex', alignItems: 'center', marginBottom: 16, gap: 16 }}>
        <Typography.Title level={3} style={{ margin: 0, flex: 1 }}>
          {title}
        </Typography.Title>
        {extra && <Space wrap>{extra}</Space>}
      </div>
      {children}
    </div>
  );
}

export function Loading({ q }: { q: { isPending: boolean; isError: boolean; error: unknown } }) {
  if (q.isError) return <Alert type="error" showIcon title="读取失败" description={errorText(q.error)} />;
  return <Spin size="large" style={{ display: 'block', marginTop: 60 }} />;
}
