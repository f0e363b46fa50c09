/**
 * 台账管理: pick a unit of the jurisdiction; record an approval document for it (文号, date, issuer, per-type
 * post deltas, leader-quota deltas, the scanned PDF); set up, rename, merge or abolish units and divisions.
 * Every change names the approval document it rests on and lands in the unit's 历史沿革.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import type { LedgerRow } from '../../domain/contract/reviewer-ledger';
import { FUNDINGS, LEADER_KINDS, POST_KEYS, type LeaderKind, type PostKey } from '../../domain/posts';
import { UNIT_KINDS, UNIT_RANKS } from '../../domain/model';
import { api } from '../api/api';
import { useApi } from '../api/hooks';
import { errorText } from '../app/errors';
import { download, L } from '../components/labels';
import { Loading, Page } from '../components/Page';

const PDF_MAX = 10 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const deltaText = (d: Record<string, number>, labels: Record<string, string>) =>
  Object.entries(d)
    .filter(([, v]) => v !== 0)
    .map(([k, v]) => `${labels[k] ?? k} ${signed(v)}`)
    .join('；');

type Action = null | 'record' | 'create' | 'rename' | 'merge' | 'abolish' | 'division' | { kind: 'renameDivision' | 'abolishDivision'; id: string; name: string };

export default function LedgerAdminScreen() {
  const units = useApi('reviewer:ledgerUnits', {});
  const [unitId, setUnitId] = useState<string | null>(null);
  const [action, setAction] = useState<Action>(null);
  const current = unitId ?? units.data?.find((u) => !u.abolished)?.id ?? null;
  const unit = units.data?.find((u) => u.id === current);
  return (
    <Page
      title="台账管理"
      testId="screen-ledger-admin"
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAction('create')} data-testid="unit-create">
          新设单位
        </Button>
      }
    >
      {!units.data ? (
        <Loading q={units} />
      ) : (
        <>
          <Space style={{ marginBottom: 12 }} wrap>
            <Typography.Text strong>单位</Typography.Text>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ width: 420 }}
              value={current ?? undefined}
              onChange={setUnitId}
              aria-label="选择单位"
              data-testid="ledger-unit-select"
              options={units.data.map((u) => ({ value: u.id, label: u.abolished ? `${u.name}（已撤销）` : u.name }))}
            />
            {unit && !unit.abolished && (
              <>
                <Button type="primary" icon={<FilePdfOutlined />} onClick={() => setAction('record')} data-testid="record-ledger">
                  登记批准文件
                </Button>
                <Button onClick={() => setAction('rename')}>更名</Button>
                <Button onClick={() => setAction('merge')}>合并</Button>
                <Button danger onClick={() => setAction('abolish')}>
                  撤销
                </Button>
              </>
            )}
          </Space>
          {current ? <UnitPane unitId={current} onDivision={setAction} /> : <Empty description="辖区内还没有单位" />}
        </>
      )}
      {action && <ActionModal action={action} unitId={current} unitName={unit?.name ?? ''} units={units.data ?? []} onClose={() => setAction(null)} onUnit={setUnitId} />}
    </Page>
  );
}

function UnitPane({ unitId, onDivision }: { unitId: string; onDivision: (a: Action) => void }) {
  const q = useApi('reviewer:unitLedger', { unitId });
  const { message } = App.useApp();
  if (!q.data) return <Loading q={q} />;
  const { unit, entries, approved, divisions, history } = q.data;
  async function open(e: LedgerRow) {
    try {
      const f = await api.call('reviewer:ledgerDocument', { entryId: e.id });
      download(f.fileName, f.mime, f.base64);
    } catch (err) {
      void message.error(errorText(err));
    }
  }
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card size="small">
          <Descriptions size="small" column={4}>
            <Descriptions.Item label="单位">
              {unit.name} {unit.abolished && <Tag color="red">已撤销</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="机构类别">{L.unitKind[unit.kind as keyof typeof L.unitKind] ?? unit.kind}</Descriptions.Item>
            <Descriptions.Item label="机构规格">{L.unitRank[unit.rank as keyof typeof L.unitRank] ?? unit.rank}</Descriptions.Item>
            <Descriptions.Item label="经费形式">{L.funding[unit.fundingForm as keyof typeof L.funding] ?? unit.fundingForm}</Descriptions.Item>
            <Descriptions.Item label="主管部门">{unit.supervisorName || '—'}</Descriptions.Item>
            <Descriptions.Item label="在编人数">{unit.staffCount} 人</Descriptions.Item>
            <Descriptions.Item label="核定编制" span={2}>
              <span data-testid="unit-approved">{Object.entries(approved)
                  .filter(([, v]) => v > 0)
                  .map(([k, v]) => `${L.post[k as PostKey] ?? k} ${v} 名`)
                  .join('；') || '无'}</span>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      <Col span={24}>
        <Tabs
          items={[
            {
              key: 'ledger',
              label: `编制台账（${entries.length}）`,
              children: (
                <Table
                  size="small"
                  rowKey="id"
                  dataSource={entries}
                  pagination={{ pageSize: 8, showSizeChanger: false }}
                  columns={[
                    { title: '文号', dataIndex: 'documentNo', width: 250 },
                    { title: '日期', dataIndex: 'date', width: 110 },
                    { title: '发文机关', dataIndex: 'issuer', width: 200 },
                    { title: '编制增减', render: (_: unknown, e: LedgerRow) => deltaText(e.postDeltas, L.post) || '—' },
                    { title: '领导职数增减', width: 190, render: (_: unknown, e: LedgerRow) => deltaText(e.leaderDeltas, L.leader) || '—' },
                    {
                      title: '批准文件',
                      width: 110,
                      render: (_: unknown, e: LedgerRow) =>
                        e.document ? (
                          <Button size="small" icon={<FilePdfOutlined />} onClick={() => void open(e)} title={e.document.fileName}>
                            下载
                          </Button>
                        ) : (
                          <Typography.Text type="secondary">未附</Typography.Text>
                        ),
                    },
                  ]}
                />
              ),
            },
            {
              key: 'divisions',
              label: `内设机构（${divisions.filter((d) => !d.abolished).length}）`,
              children: (
                <Table
                  size="small"
                  rowKey="id"
                  dataSource={divisions}
                  pagination={false}
                  title={() =>
                    !unit.abolished && (
                      <Button size="small" icon={<PlusOutlined />} onClick={() => onDivision('division')}>
                        新设内设机构
                      </Button>
                    )
                  }
                  columns={[
                    { title: '名称', dataIndex: 'name', render: (n: string, d) => (d.abolished ? <Typography.Text delete>{n}</Typography.Text> : n) },
                    {
                      title: '操作',
                      width: 180,
                      render: (_: unknown, d) =>
                        !d.abolished &&
                        !unit.abolished && (
                          <Space>
                            <Button size="small" onClick={() => onDivision({ kind: 'renameDivision', id: d.id, name: d.name })}>
                              更名
                            </Button>
                            <Button size="small" danger onClick={() => onDivision({ kind: 'abolishDivision', id: d.id, name: d.name })}>
                              撤销
                            </Button>
                          </Space>
                        ),
                    },
                  ]}
                />
              ),
            },
            {
              key: 'history',
              label: '历史沿革',
              children: history.length ? <Timeline items={history.map((h) => ({ content: `${h.date}  ${h.text}` }))} /> : <Empty description="暂无记录" />,
            },
          ]}
        />
      </Col>
    </Row>
  );
}

type Units = { id: string; name: string; abolished: boolean }[];

function ActionModal({ action, unitId, unitName, units, onClose, onUnit }: { action: NonNullable<Action>; unitId: string | null; unitName: string; units: Units; onClose: () => void; onUnit: (id: string) => void }) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pdf, setPdf] = useState<{ fileName: string; base64: string } | null>(null);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const kind = typeof action === 'string' ? action : action.kind;
  const titles: Record<string, string> = {
    record: `登记批准文件 · ${unitName}`,
    create: '新设单位',
    rename: `单位更名 · ${unitName}`,
    merge: `单位合并 · ${unitName}`,
    abolish: `撤销单位 · ${unitName}`,
    division: `新设内设机构 · ${unitName}`,
    renameDivision: '内设机构更名',
    abolishDivision: '撤销内设机构',
  };
  const liveUnits = useMemo(() => units.filter((u) => !u.abolished && u.id !== unitId), [units, unitId]);

  async function submit() {
    setError(null);
    const v = (await form.validateFields()) as Record<string, unknown> & { date: Dayjs };
    const basis = { documentNo: String(v.documentNo).trim(), date: v.date.format('YYYY-MM-DD') };
    setBusy(true);
    try {
      if (kind === 'record') {
        if (!pdf) throw new Error('请附上批准文件的扫描件（PDF）');
        const postDeltas = Object.fromEntries(POST_KEYS.map((k) => [k, Number(v[`p_${k}`] ?? 0)]).filter(([, n]) => n !== 0));
        const leaderDeltas = Object.fromEntries(LEADER_KINDS.map((k) => [k, Number(v[`l_${k}`] ?? 0)]).filter(([, n]) => n !== 0));
        await api.call('reviewer:recordLedger', { unitId: unitId!, ...basis, issuer: String(v.issuer).trim(), postDeltas, leaderDeltas, note: String(v.note ?? ''), pdf });
        void message.success(`已登记 ${basis.documentNo}`);
      } else if (kind === 'create') {
        const r = await api.call('reviewer:createUnit', {
          ...basis,
          name: String(v.name),
          creditCode: String(v.creditCode).trim().toUpperCase(),
          kind: v.kind as (typeof UNIT_KINDS)[number],
          rank: v.rank as (typeof UNIT_RANKS)[number],
          fundingForm: v.fundingForm as (typeof FUNDINGS)[number],
          supervisorUnitId: (v.supervisorUnitId as string | undefined) ?? null,
          functions: String(v.functions ?? ''),
          address: '',
          phone: '',
        });
        onUnit(r.unitId);
        void message.success(`已设立 ${r.name}`);
      } else if (kind === 'rename') {
        await api.call('reviewer:renameUnit', { unitId: unitId!, ...basis, name: String(v.name) });
        void message.success('已更名');
      } else if (kind === 'merge') {
        const r = await api.call('reviewer:mergeUnit', { unitId: unitId!, ...basis, intoUnitId: String(v.intoUnitId) });
        onUnit(String(v.intoUnitId));
        void message.success(`已合并：划转人员 ${r.movedStaff} 名、台账 ${r.movedEntries} 条`);
      } else if (kind === 'abolish') {
        await api.call('reviewer:abolishUnit', { unitId: unitId!, ...basis });
        void message.success(`已撤销 ${unitName}`);
      } else if (kind === 'division') {
        await api.call('reviewer:createDivision', { unitId: unitId!, ...basis, name: String(v.name) });
        void message.success('已设立内设机构');
      } else if (typeof action !== 'string') {
        if (action.kind === 'renameDivision') await api.call('reviewer:renameDivision', { divisionId: action.id, ...basis, name: String(v.name) });
        else await api.call('reviewer:abolishDivision', { divisionId: action.id, ...basis });
        void message.success('已办理');
      }
      for (const ch of ['reviewer:ledgerUnits', 'reviewer:unitLedger', 'reviewer:units', 'reviewer:stats', 'reviewer:supervision']) void qc.invalidateQueries({ queryKey: [ch] });
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const num = (name: string, label: string) => (
    <Col span={8} key={name}>
      <Form.Item name={name} label={label} style={{ marginBottom: 8 }}>
        <InputNumber style={{ width: '100%' }} min={-100000} max={100000} precision={0} placeholder="0" aria-label={label} />
      </Form.Item>
    </Col>
  );

  return (
    <Modal open title={titles[kind]} onCancel={onClose} onOk={() => void submit()} okText={kind === 'abolish' || kind === 'abolishDivision' ? '确认撤销' : '提交'} okButtonProps={{ loading: busy, danger: kind.startsWith('abolish') }} width={kind === 'record' ? 880 : 600} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ date: dayjs(), name: typeof action !== 'string' ? action.name : undefined }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="documentNo" label="文号" rules={[{ required: true, message: '请输入批准文件的文号，如 某机编发〔2024〕12号' }]}>
              <Input placeholder="某机编发〔2024〕12号" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="date" label="发文日期" rules={[{ required: true, message: '请选择发文日期' }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'record' && (
          <>
            <Form.Item name="issuer" label="发文机关" rules={[{ required: true, message: '请输入发文机关' }]}>
              <Input placeholder="某市机构编制委员会" />
            </Form.Item>
            <Typography.Text strong>编制增减（核减填负数）</Typography.Text>
            <Row gutter={12}>{POST_KEYS.map((k: PostKey) => num(`p_${k}`, L.post[k]))}</Row>
            <Typography.Text strong>领导职数增减</Typography.Text>
            <Row gutter={12}>{LEADER_KINDS.map((k: LeaderKind) => num(`l_${k}`, L.leader[k]))}</Row>
            <Form.Item name="note" label="备注">
              <Input maxLength={500} />
            </Form.Item>
            <Form.Item label="批准文件扫描件（PDF，不超过 10 MB）" required>
              <input
                type="file"
                accept="application/pdf,.pdf"
                aria-label="批准文件扫描件"
                data-testid="ledger-pdf"
                onChange={(ev) => {
                  const f = ev.target.files?.[0];
                  setPdf(null);
                  if (!f) return;
                  if (f.size > PDF_MAX) return setError(`扫描件为 ${(f.size / 1024 / 1024).toFixed(1)} MB，超过 10 MB 上限：请降低扫描分辨率后重新选择`);
                  void f.arrayBuffer().then((b) => {
                    const bytes = new Uint8Array(b);
                    if (String.fromCharCode(...bytes.subarray(0, 5)) !== '%PDF-') return setError('所选文件不是 PDF：请选择批准文件的 PDF 扫描件');
                    setError(null);
                    setPdf({ fileName: f.name, base64: toBase64(bytes) });
                  });
                }}
              />
            </Form.Item>
          </>
        )}
        {(kind === 'create' || kind === 'rename' || kind === 'division' || kind === 'renameDivision') && (
          <Form.Item name="name" label={kind === 'division' || kind === 'renameDivision' ? '内设机构名称' : '单位名称'} rules={[{ required: true, message: '请输入名称' }]}>
            <Input maxLength={60} />
          </Form.Item>
        )}
        {kind === 'create' && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, len: 18, message: '请输入 18 位统一社会信用代码' }]}>
                <Input maxLength={18} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="supervisorUnitId" label="主管部门（所属事业单位填写）">
                <Select allowClear showSearch optionFilterProp="label" options={liveUnits.map((u) => ({ value: u.id, label: u.name }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="kind" label="机构类别" rules={[{ required: true, message: '请选择机构类别' }]}>
                <Select options={UNIT_KINDS.map((k) => ({ value: k, label: L.unitKind[k] }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="rank" label="机构规格" rules={[{ required: true, message: '请选择机构规格' }]}>
                <Select options={UNIT_RANKS.map((k) => ({ value: k, label: L.unitRank[k] }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="fundingForm" label="经费形式" rules={[{ required: true, message: '请选择经费形式' }]}>
                <Select options={FUNDINGS.map((k) => ({ value: k, label: L.funding[k] }))} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="functions" label="主要职责">
                <Input.TextArea rows={2} maxLength={4000} />
              </Form.Item>
            </Col>
          </Row>
        )}
        {kind === 'merge' && (
          <>
            <Form.Item name="intoUnitId" label="并入（存续单位）" rules={[{ required: true, message: '请选择存续单位' }]}>
              <Select showSearch optionFilterProp="label" options={liveUnits.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
            <Alert type="info" showIcon title={`${unitName} 的在编人员和编制台账将划转到存续单位，${unitName} 随之撤销并记入历史沿革。`} />
          </>
        )}
        {kind === 'abolish' && <Alert type="warning" showIcon title={`撤销后 ${unitName} 不能再办理业务；尚有在编人员的单位不能撤销，可改为合并。`} />}
        {kind === 'abolishDivision' && typeof action !== 'string' && <Alert type="warning" showIcon title={`撤销内设机构“${action.name}”；尚有人员的不能撤销。`} />}
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="ledger-error" />}
      </Form>
    </Modal>
  );
}
