/** 插入密钥 / 输入PIN: what the officer sees until the key is logged in, and again when it is pulled. */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { LockOutlined, UsbOutlined } from '@ant-design/icons';
import type { KeyStatus } from '../../domain/contract/views';
import { api } from '../api/api';
import { errorText } from '../app/errors';

export function LockScreen({ status }: { status: KeyStatus }) {
  const qc = useQueryClient();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function login() {
    setBusy(true);
    setError(null);
    try {
      const next = await api.call('key:login', { pin });
      qc.setQueryData(['key:status', {}], next);
    } catch (e) {
      setError(errorText(e));
      void qc.invalidateQueries({ queryKey: ['key:status'] });
    } finally {
      // The PIN is not kept anywhere once it has been tried.
      setPin('');
      setBusy(false);
    }
  }

  const absent = status.state === 'absent';
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: 'linear-gradient(#1f5fa8, #0e3a6e)' }}>
      <Card style={{ width: 520 }} styles={{ body: { padding: 36 } }}>
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <div style={{ textAlign: 'center' }}>
            <Typography.Title level={2} style={{ margin: 0 }}>
              电子编制管理证
            </Typography.Title>
            <Typography.Text type="secondary">机关事业单位机构编制管理系统</Typography.Text>
          </div>
          {absent ? (
            <Alert
              type="info"
              showIcon
              icon={<UsbOutlined />}
              title={<span data-testid="lock-title">请插入电子编制管理证（USB 密钥）</span>}
              description={status.message ?? '插入密钥后，本页面会自动显示 PIN 码输入框。'}
            />
          ) : status.state === 'pinLocked' ? (
            <Alert type="error" showIcon title={<span data-testid="lock-title">PIN 码已锁定</span>} description="连续输错 PIN 码次数过多，这把密钥已锁定。请携带密钥到编办解锁。" />
          ) : (
            <Form layout="vertical" onFinish={() => void login()} requiredMark={false}>
              <Typography.Paragraph data-testid="lock-title" style={{ fontSize: 18 }}>
                已检测到：<b>{status.displayName}</b>
              </Typography.Paragraph>
              {status.message && <Alert type="warning" showIcon title={status.message} style={{ marginBottom: 16 }} />}
              {status.pin?.finalTry && (
                <Alert type="error" showIcon title="最后一次机会：再输错一次 PIN 码，密钥将被锁定，只能到编办解锁。" style={{ marginBottom: 16 }} />
              )}
              {!status.pin?.finalTry && status.pin?.countLow && (
                <Alert type="warning" showIcon title="之前输错过 PIN 码，剩余尝试次数不多，请仔细核对。" style={{ marginBottom: 16 }} />
              )}
              <Form.Item label="PIN 码" help={error ? <span data-testid="pin-error">{error}</span> : status.kind === 'demo' ? '演示密钥的 PIN 码为 123456' : '请输入密钥的 PIN 码'} validateStatus={error ? 'error' : undefined}>
                <Input.Password
                  size="large"
                  autoFocus
                  autoComplete="off"
                  prefix={<LockOutlined />}
                  value={pin}
                  onChange={(e) => setPin(e.target.value)}
                  maxLength={32}
                  aria-label="PIN 码"
                />
              </Form.Item>
              <Button type="primary" size="large" htmlType="submit" block loading={busy} disabled={pin.length === 0}>
                登 录
              </Button>
            </Form>
          )}
        </Space>
      </Card>
    </div>
  );
}
