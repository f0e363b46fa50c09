/** 编制台账: approval documents with per-type deltas; totals; per subordinate unit for departments. */
import { useState } from 'react';
import { Card, Segmented, Table, Tag } from 'antd';
import type { LedgerView } from '../../domain/contract/views';
import type { PostKey, LeaderKind } from '../../domain/posts';
import { useApi } from '../api/hooks';
import { L } from '../components/labels';
import { Loading, Page } from '../components/Page';
import { PostTable } from '../components/PostTable';

type Entry = LedgerView['entries'][number];

function deltas(d: Partial<Record<string, number>>, labels: Record<string, string>) {
  return Object.entries(d)
    .filter(([, v]) => v)
    .map(([k, v]) => (
      <Tag key={k} color={v! > 0 ? 'blue' : 'red'} style={{ marginBottom: 4 }}>
        {labels[k] ?? k} {v! > 0 ? `+${v}` : v}
      </Tag>
    ));
}

export default function LedgerScreen() {
  const [scope, setScope] = useState<'unit' | 'subtree'>('unit');
  const q = useApi('ledger:list', { scope });
  if (!q.data) return <Loading q={q} />;
  const v = q.data;
  return (
    <Page title="编制台账" testId="screen-ledger" extra={<Segmented value={scope} onChange={(s) => setScope(s as 'unit' | 'subtree')} options={[{ value: 'unit', label: '本单位' }, { value: 'subtree', label: '含所属单位' }]} />}>
      <Card title="编制数合计" size="small" style={{ marginBottom: 16 }}>
        <PostTable summary={v.summary} />
      </Card>
      {scope === 'subtree' && v.perUnit.length > 1 && (
        <Card title="各单位编制情况" size="small" style={{ marginBottom: 16 }}>
          <Table
            size="small"
            rowKey="unitId"
            pagination={false}
            dataSource={v.perUnit}
            scroll={{ y: 320 }}
            columns={[
              { title: '单位', dataIndex: 'unitName' },
              { title: '核定编制', render: (_, r) => r.totals.approved, align: 'right', width: 110 },
              { title: '实有人数', render: (_, r) => r.totals.occupied, align: 'right', width: 110 },
              { title: '已核准待使用', render: (_, r) => r.totals.reserved, align: 'right', width: 130 },
              { title: '空编', render: (_, r) => (r.totals.vacant < 0 ? <span className="ebz-figure-neg">{r.totals.vacant}</span> : r.totals.vacant), align: 'right', width: 90 },
            ]}
          />
        </Card>
      )}
      <Card title={`批准文件（${v.entries.length} 件）`} size="small">
        <Table<Entry>
          size="small"
          rowKey="id"
          dataSource={v.entries}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          columns={[
            { title: '日期', dataIndex: 'date', width: 120 },
            { title: '文号', dataIndex: 'documentNo', width: 220 },
            { title: '发文机关', dataIndex: 'issuer', width: 180 },
            ...(scope === 'subtree' ? [{ title: '单位', dataIndex: 'unitName', width: 220 }] : []),
            { title: '编制增减', render: (_: unknown, e: Entry) => deltas(e.postDeltas as Partial<Record<PostKey, number>>, L.post) },
            { title: '领导职数增减', render: (_: unknown, e: Entry) => deltas(e.leaderDeltas as Partial<Record<LeaderKind, number>>, L.leader) },
            { title: '说明', dataIndex: 'note', ellipsis: true },
          ]}
        />
      </Card>
    </Page>
  );
}
