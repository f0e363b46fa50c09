/**
 * 审核工作台: the queue from the server with filters and counts; a request opens with its context (the
 * unit's live ledger, the vacancy after approval, what the approval would raise, the person's records
 * province-wide) and the decision; clean requests can be approved in one batch.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Input, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { REQUEST_KINDS, type RequestKind } from '../../domain/requests';
import type { ReviewItem } from '../../domain/contract/reviewer';
import { api } from '../api/api';
import { useApi } from '../api/hooks';
import { errorText } from '../app/errors';
import { fmtInstant, L } from '../components/labels';
import { Loading, Page } from '../components/Page';
import { payloadRows } from './payload-rows';

const AGES = [
  { value: 0, label: '全部时间' },
  { value: 3, label: '已等 3 天以上' },
  { value: 7, label: '已等 7 天以上' },
  { value: 15, label: '已等 15 天以上' },
];

export default function ReviewQueueScreen() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [kind, setKind] = useState<RequestKind | undefined>();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [stage, setStage] = useState<'bianbanReview' | 'supervisorReview'>('bianbanReview');
  const [minAge, setMinAge] = useState(0);
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const units = useApi('reviewer:units', {});
  const q = useApi('reviewer:queue', { kind, unitId, stage, ...(minAge ? { minAgeDays: minAge } : {}) });

  const refresh = () => {
    setSelected([]);
    void qc.invalidateQueries({ queryKey: ['reviewer:queue'] });
    void qc.invalidateQueries({ queryKey: ['reviewer:history'] });
  };

  async function batch() {
    setBusy(true);
    try {
      const r = await api.call('reviewer:batchApprove', { ids: selected, comment: '同意' });
      const ok = r.filter((x) => x.ok).length;
      const skipped = r.filter((x) => !x.ok);
      if (skipped.length) message.warning(`已核准 ${ok} 件；${skipped.length} 件未核准：${skipped[0]!.message}`);
      else message.success(`已核准 ${ok} 件`);
      refresh();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const counts = q.data?.countsByKind ?? {};
  return (
    <Page
      title="审核工作台"
      testId="screen-review"
      extra={
        <Button type="primary" disabled={selected.length === 0} loading={busy} onClick={() => void batch()} data-testid="batch-approve">
          批量核准（{selected.length}）
        </Button>
      }
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Select style={{ width: 150 }} value={stage} onChange={setStage} options={[{ value: 'bianbanReview', label: '编办审核' }, { value: 'supervisorReview', label: '主管部门审核中' }]} aria-label="环节" />
          <Select allowClear placeholder="全部业务类型" style={{ width: 160 }} value={kind} onChange={setKind} options={REQUEST_KINDS.map((k) => ({ value: k, label: L.requestKind[k] }))} aria-label="业务类型" />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="全部单位"
            style={{ width: 280 }}
            value={unitId}
            onChange={setUnitId}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            aria-label="单位"
          />
          <Select style={{ width: 150 }} value={minAge} onChange={setMinAge} options={AGES} aria-label="等待时间" />
          <span data-testid="queue-total">共 {q.data?.total ?? 0} 件</span>
          {REQUEST_KINDS.filter((k) => counts[k]).map((k) => (
            <Tag key={k} color="blue">
              {L.requestKind[k]} {counts[k]}
            </Tag>
          ))}
        </Space>
      </Card>
      {!q.data ? (
        <Loading q={q} />
      ) : q.data.items.length === 0 ? (
        <Card>
          <Empty description="没有待审核的申报" />
        </Card>
      ) : (
        <Table<ReviewItem>
          rowKey="id"
          size="middle"
          dataSource={q.data.items}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]), getCheckboxProps: (r) => ({ disabled: r.problems.length > 0 }) }}
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: '业务', dataIndex: 'kind', width: 110, render: (k: RequestKind) => <Tag>{L.requestKind[k]}</Tag> },
            { title: '单位', dataIndex: 'unitName', ellipsis: true },
            { title: '事项', dataIndex: 'title', ellipsis: true, render: (t: string) => <span data-testid="queue-title">{t}</span> },
            { title: '提交时间', dataIndex: 'submittedAt', width: 170, render: (t: string) => <span style={{ whiteSpace: 'nowrap' }}>{fmtInstant(t)}</span> },
            { title: '已等', dataIndex: 'ageDays', width: 80, render: (d: number) => <span style={{ whiteSpace: 'nowrap' }}>{d} 天</span> },
            {
              title: '预审',
              width: 120,
              render: (_: unknown, r) => (r.problems.length ? <Tag color="red">有问题 {r.problems.length}</Tag> : <Tag color="green">无问题</Tag>),
            },
          ]}
        />
      )}
      {open && <ReviewDrawer id={open} onClose={() => setOpen(null)} onDecided={refresh} />}
    </Page>
  );
}

function ReviewDrawer({ id, onClose, onDecided }: { id: string; onClose: () => void; onDecided: () => void }) {
  const { message } = App.useApp();
  const c = useApi('reviewer:context', { id });
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);

  async function decide(outcome: 'approve' | 'return' | 'reject') {
    setBusy(true);
    try {
      const r = await api.call('reviewer:decide', { id, outcome, comment: comment || (outcome === 'approve' ? '同意' : '') });
      message.success(outcome === 'approve' ? `已核准${r.formNumber ? `，编号 ${r.formNumber}` : ''}` : outcome === 'return' ? '已退回修改' : '已不予核准');
      onDecided();
      onClose();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const d = c.data;
  return (
    <Drawer open width={760} title={d ? `${L.requestKind[d.item.kind]}：${d.item.unitName}` : '申报详情'} onClose={onClose} destroyOnHidden data-testid="review-drawer">
      {!d ? (
        <Loading q={c} />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {d.item.problems.length > 0 ? (
            <Alert type="error" showIcon title="核准后将引发的问题" description={d.item.problems.map((p) => <div key={p}>{p}</div>)} />
          ) : (
            <Alert type="success" showIcon title="预审未发现问题：核准不会引发超编、混编混岗或一人多编" />
          )}
          <Descriptions bordered size="small" column={1} title="申报内容">
            {payloadRows(d.item.kind, d.payload).map(([k, v]) => (
              <Descriptions.Item key={k} label={k}>
                {v}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Table
            size="small"
            rowKey="postKey"
            pagination={false}
            title={() => <b>该单位编制情况（实时）</b>}
            dataSource={d.posts}
            columns={[
              { title: '编制类型', dataIndex: 'postKey', render: (k: string) => (L.post as Record<string, string>)[k] ?? k },
              { title: '核定', dataIndex: 'approved', align: 'right' },
              { title: '实有', dataIndex: 'occupied', align: 'right' },
              { title: '已核准待使用', dataIndex: 'reserved', align: 'right' },
              { title: '空编', dataIndex: 'vacant', align: 'right' },
              { title: '核准后空编', dataIndex: 'vacantAfter', align: 'right', render: (n: number, r) => <b style={{ color: n < 0 ? '#cf1322' : n !== r.vacant ? '#1f5fa8' : undefined }}>{n}</b> },
            ]}
          />
          {d.otherRecords.length > 0 && (
            <Table
              size="small"
              rowKey={(r) => `${r.unitName}${r.status}`}
              pagination={false}
              title={() => <b>此人在全省的其他记录</b>}
              dataSource={d.otherRecords}
              columns={[
                { title: '单位', dataIndex: 'unitName' },
                { title: '姓名', dataIndex: 'name' },
                { title: '状态', dataIndex: 'status' },
              ]}
            />
          )}
          <Table
            size="small"
            rowKey={(r) => `${r.documentNo}${r.date}`}
            pagination={{ pageSize: 5, showSizeChanger: false, hideOnSinglePage: true }}
            title={() => <b>编制台账</b>}
            dataSource={d.ledger}
            locale={{ emptyText: '本机尚未同步该单位的台账' }}
            columns={[
              { title: '文号', dataIndex: 'documentNo' },
              { title: '日期', dataIndex: 'date', width: 120 },
              { title: '发文机关', dataIndex: 'issuer', ellipsis: true },
              { title: '编制增减', dataIndex: 'total', align: 'right', width: 100, render: (n: number) => (n > 0 ? `+${n}` : n) },
            ]}
          />
          <Timeline
            items={d.trail.map((t) => ({
              children: (
                <span>
                  <b>{L.event[t.event as keyof typeof L.event] ?? t.event}</b>
                  {'\u3000'}
                  {fmtInstant(t.at)}
                  {'\u3000'}
                  {t.actorName}
                  {t.comment && <div>意见：{t.comment}</div>}
                </span>
              ),
            }))}
          />
          <Typography.Text strong>审核意见</Typography.Text>
          <Input.TextArea rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="核准可不填（默认“同意”）；退回或不予核准须写明原因和修改要求" aria-label="审核意见" />
          <Space>
            <Button type="primary" loading={busy} onClick={() => void decide('approve')} data-testid="decide-approve">
              核准
            </Button>
            <Button loading={busy} onClick={() => void decide('return')} data-testid="decide-return">
              退回修改
            </Button>
            <Button danger loading={busy} onClick={() => void decide('reject')} data-testid="decide-reject">
              不予核准
            </Button>
          </Space>
        </Space>
      )}
    </Drawer>
  );
}
