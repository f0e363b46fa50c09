/**
 * 证书管理: issue a certificate onto a blank key (SO PIN and user PIN typed by the officer present), check
 * the issued key logs in, print the 证书发放登记单; the certificates of the jurisdiction with expiry
 * warnings, revocation and 补办 (the old one revoked once the new key is written); unlock a locked PIN.
 */
import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { IssuedCertificate, TokenSlot } from '../../domain/contract/reviewer';
import type { ResponseOf } from '../../domain/contract/channels';
import { api } from '../api/api';
import { useApi } from '../api/hooks';
import { errorText } from '../app/errors';
import { Loading, Page } from '../components/Page';

type Issued = ResponseOf<'reviewer:issue'>;

export default function CertificatesScreen() {
  const [replace, setReplace] = useState<IssuedCertificate | null>(null);
  const [tab, setTab] = useState('issue');
  return (
    <Page title="证书管理" testId="screen-certs">
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'issue', label: '发放证书', children: <IssuePane replace={replace} onClearReplace={() => setReplace(null)} /> },
          {
            key: 'list',
            label: '证书列表',
            children: (
              <CertList
                onReplace={(c) => {
                  setReplace(c);
                  setTab('issue');
                }}
              />
            ),
          },
          { key: 'unlock', label: '解锁 PIN 码', children: <UnlockPane /> },
        ]}
      />
    </Page>
  );
}

function TokenPicker({ tokens, value, onChange, blankOnly }: { tokens: TokenSlot[]; value?: string; onChange?: (v: string) => void; blankOnly: boolean }) {
  return (
    <Select
      value={value}
      onChange={onChange}
      placeholder={blankOnly ? '请插入空白密钥后选择' : '请选择密钥'}
      aria-label={blankOnly ? '空白密钥' : '密钥'}
      options={tokens
        .filter((t) => !t.own && (blankOnly ? !t.initialized : t.initialized))
        .map((t, i) => ({
          value: blankOnly ? t.slotId : t.serialNumber,
          label: blankOnly ? `空白密钥（第 ${i + 1} 把）` : `${t.label}（${t.serialNumber}）${t.pinLocked ? ' · PIN 已锁定' : ''}`,
        }))}
    />
  );
}

function IssuePane({ replace, onClearReplace }: { replace: IssuedCertificate | null; onClearReplace: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const tokens = useApi('reviewer:tokens', {});
  const units = useApi('reviewer:units', {});
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);

  async function issue(v: { slotId: string; unitId: string; holderName: string; label: string; soPin: string; userPin: string; userPin2: string }) {
    if (v.userPin !== v.userPin2) {
      form.setFields([{ name: 'userPin2', errors: ['两次输入的用户 PIN 码不一致'] }]);
      return;
    }
    setBusy(true);
    try {
      const r = await api.call('reviewer:issue', {
        slotId: v.slotId,
        unitId: v.unitId,
        holderName: v.holderName,
        label: v.label,
        soPin: v.soPin,
        userPin: v.userPin,
        ...(replace ? { replaceSerial: replace.serial } : {}),
      });
      setIssued(r);
      form.resetFields(['soPin', 'userPin', 'userPin2']);
      onClearReplace();
      message.success(`证书已写入密钥：${r.certificate.unitName}`);
      void qc.invalidateQueries({ queryKey: ['reviewer:tokens'] });
      void qc.invalidateQueries({ queryKey: ['reviewer:certificates'] });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  if (!tokens.data || !units.data) return <Loading q={!tokens.data ? tokens : units} />;
  return (
    <div style={{ display: 'flex', gap: 20, alignItems: 'flex-start' }}>
      <Card title={replace ? `补办密钥：${replace.unitName}` : '向单位发放新密钥'} style={{ width: 520, flexShrink: 0 }} extra={<Button onClick={() => void tokens.refetch()}>刷新密钥</Button>}>
        {replace && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`新密钥写入后，原证书 ${replace.serial} 将被吊销，原密钥立即失效`} />}
        <Form
          form={form}
          layout="horizontal"
          labelCol={{ span: 8 }}
          onFinish={(v) => void issue(v)}
          initialValues={{ unitId: replace?.unitId ?? undefined, holderName: replace?.holderName, label: '电子编制管理证' }}
          key={replace?.serial ?? 'new'}
        >
          <Form.Item label="空白密钥" name="slotId" rules={[{ required: true, message: '请插入并选择一把空白密钥' }]}>
            <TokenPicker tokens={tokens.data} blankOnly />
          </Form.Item>
          <Form.Item label="单位" name="unitId" rules={[{ required: true, message: '请选择领证单位' }]}>
            <Select showSearch optionFilterProp="label" aria-label="单位" placeholder="输入单位名称查找" options={units.data.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item label="领取人" name="holderName" rules={[{ required: true, message: '请填写领取密钥的经办人姓名' }]}>
            <Input maxLength={50} aria-label="领取人" />
          </Form.Item>
          <Form.Item label="密钥标签" name="label" rules={[{ required: true, message: '请填写密钥标签' }]}>
            <Input maxLength={32} aria-label="密钥标签" />
          </Form.Item>
          <Form.Item label="管理员 PIN" name="soPin" rules={[{ required: true, min: 6, message: '管理员 PIN 码（SO PIN）至少 6 位，由编办保管' }]}>
            <Input.Password autoComplete="off" aria-label="管理员 PIN 码" />
          </Form.Item>
          <Form.Item label="用户 PIN" name="userPin" rules={[{ required: true, min: 6, message: '用户 PIN 码至少 6 位，由领取人当面设置' }]}>
            <Input.Password autoComplete="off" aria-label="用户 PIN 码" />
          </Form.Item>
          <Form.Item label="再次输入" name="userPin2" rules={[{ required: true, message: '请再次输入用户 PIN 码' }]}>
            <Input.Password autoComplete="off" aria-label="再次输入用户 PIN 码" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="issue-submit">
              初始化并发证
            </Button>
            {replace && <Button onClick={onClearReplace}>取消补办</Button>}
          </Space>
        </Form>
      </Card>
      {issued && <IssuedCard issued={issued} />}
    </div>
  );
}

function IssuedCard({ issued }: { issued: Issued }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [pin, setPin] = useState('');
  const [check, setCheck] = useState<{ ok: boolean; message: string } | null>(null);
  async function verify() {
    try {
      setCheck(await api.call('reviewer:verifyToken', { tokenSerial: issued.tokenSerial, pin }));
    } catch (e) {
      setCheck({ ok: false, message: errorText(e) });
    }
  }
  return (
    <Card title="证书发放登记单" style={{ flex: 1, minWidth: 0 }} extra={<Button onClick={() => frame.current?.contentWindow?.print()}>打印</Button>} data-testid="issued-card">
      <Typography.Paragraph data-testid="issued-serial">
        证书序列号 {issued.certificate.serial}，写入密钥 {issued.tokenSerial}
      </Typography.Paragraph>
      <iframe ref={frame} title="证书发放登记单" srcDoc={issued.registerHtml} sandbox="allow-modals allow-same-origin" style={{ width: '100%', height: 300, border: '1px solid #ddd' }} />
      <Space style={{ marginTop: 12 }} wrap>
        <Input.Password placeholder="领取人输入用户 PIN 码" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" aria-label="验证 PIN 码" style={{ width: 220 }} />
        <Button onClick={() => void verify()} disabled={pin.length < 4} data-testid="verify-token">
          验证新密钥登录
        </Button>
      </Space>
      {check && <Alert style={{ marginTop: 12 }} type={check.ok ? 'success' : 'error'} showIcon title={check.message} data-testid="verify-result" />}
    </Card>
  );
}

function expiryTag(c: IssuedCertificate) {
  if (c.revokedAt) return <Tag color="default">已吊销</Tag>;
  if (c.daysLeft < 0) return <Tag color="red">已过期</Tag>;
  if (c.daysLeft <= 30) return <Tag color="red">{c.daysLeft} 天后到期</Tag>;
  if (c.daysLeft <= 90) return <Tag color="orange">{c.daysLeft} 天后到期</Tag>;
  return <Tag color="green">有效</Tag>;
}

function CertList({ onReplace }: { onReplace: (c: IssuedCertificate) => void }) {
  const { message } = App.useApp();
  const q = useApi('reviewer:certificates', {});
  const [revoking, setRevoking] = useState<IssuedCertificate | null>(null);
  const [reason, setReason] = useState('密钥遗失');
  const [filter, setFilter] = useState<'all' | 'soon'>('all');
  if (!q.data) return <Loading q={q} />;
  const soon = q.data.filter((c) => !c.revokedAt && c.daysLeft <= 90);
  const rows = filter === 'soon' ? soon : q.data;

  async function revoke() {
    if (!revoking) return;
    try {
      await api.call('reviewer:revoke', { serial: revoking.serial, reason: reason.trim() || '吊销' });
      message.success('证书已吊销，该密钥立即不能登录');
      setRevoking(null);
      void q.refetch();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  return (
    <>
      {soon.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`${soon.length} 张证书将在 90 天内到期或已过期，请通知单位办理证书更新`} />}
      <Space style={{ marginBottom: 12 }}>
        <Select value={filter} onChange={setFilter} style={{ width: 180 }} options={[{ value: 'all', label: '全部证书' }, { value: 'soon', label: '即将到期 / 已过期' }]} aria-label="证书筛选" />
      </Space>
      <Table<IssuedCertificate>
        rowKey="serial"
        size="middle"
        dataSource={rows}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        columns={[
          { title: '单位 / 编办', dataIndex: 'unitName', ellipsis: true, render: (n: string, c) => n || (c.role === 'reviewer' ? '（审核人员证书）' : '') },
          { title: '持证人', dataIndex: 'holderName', width: 110, ellipsis: true },
          { title: '类别', dataIndex: 'role', width: 90, render: (r: string) => (r === 'reviewer' ? '审核人员' : '单位') },
          { title: '序列号', dataIndex: 'serial', width: 290, render: (v: string) => <span style={{ fontFamily: 'monospace', fontSize: 13, whiteSpace: 'nowrap' }}>{v}</span> },
          { title: '有效期至', dataIndex: 'notAfter', width: 120, render: (t: string) => <span style={{ whiteSpace: 'nowrap' }}>{t.slice(0, 10)}</span> },
          { title: '状态', width: 120, render: (_: unknown, c) => <span data-testid={`cert-state-${c.serial}`}>{expiryTag(c)}</span> },
          {
            title: '操作',
            width: 150,
            render: (_: unknown, c) =>
              c.revokedAt ? null : (
                <Space size="small">
                  <Button size="small" danger onClick={() => setRevoking(c)} data-testid={`revoke-${c.serial}`}>
                    吊销
                  </Button>
                  {c.role === 'unit' && (
                    <Button size="small" onClick={() => onReplace(c)}>
                      补办
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <Modal open={revoking !== null} title="吊销证书" okText="确认吊销" okButtonProps={{ danger: true, 'data-testid': 'revoke-confirm' } as never} onOk={() => void revoke()} onCancel={() => setRevoking(null)}>
        <Typography.Paragraph>
          吊销后，{revoking?.unitName || revoking?.holderName} 的这把密钥（证书 {revoking?.serial}）立即不能登录编办服务器，不可恢复。
        </Typography.Paragraph>
        <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} aria-label="吊销原因" />
      </Modal>
    </>
  );
}

function UnlockPane() {
  const { message } = App.useApp();
  const tokens = useApi('reviewer:tokens', {});
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  if (!tokens.data) return <Loading q={tokens} />;
  async function unlock(v: { tokenSerial: string; soPin: string; newPin: string }) {
    setBusy(true);
    try {
      await api.call('reviewer:unlockPin', v);
      message.success('已设置新的用户 PIN 码，密钥已解锁');
      form.resetFields();
      void tokens.refetch();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title="用管理员 PIN 码解锁用户 PIN 码" style={{ width: 520 }} extra={<Button onClick={() => void tokens.refetch()}>刷新密钥</Button>}>
      <Form form={form} labelCol={{ span: 8 }} onFinish={(v) => void unlock(v)}>
        <Form.Item label="密钥" name="tokenSerial" rules={[{ required: true, message: '请插入并选择要解锁的密钥' }]}>
          <TokenPicker tokens={tokens.data} blankOnly={false} />
        </Form.Item>
        <Form.Item label="管理员 PIN" name="soPin" rules={[{ required: true, message: '请输入该密钥的管理员 PIN 码（SO PIN）' }]}>
          <Input.Password autoComplete="off" aria-label="管理员 PIN 码" />
        </Form.Item>
        <Form.Item label="新用户 PIN" name="newPin" rules={[{ required: true, min: 6, message: '新的用户 PIN 码至少 6 位，由持证人当面设置' }]}>
          <Input.Password autoComplete="off" aria-label="新的用户 PIN 码" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          解锁并设置新 PIN 码
        </Button>
      </Form>
    </Card>
  );
}
