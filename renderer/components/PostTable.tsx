/** Posts per type: approved / occupied / reserved / vacant, with the total row. A negative vacancy is red. */
import { Table } from 'antd';
import type { PostRow, SummaryView } from '../../domain/contract/views';
import { L } from './labels';

function n(v: number) {
  return v < 0 ? <span className="ebz-figure-neg">{v}</span> : v;
}

export function PostTable({ summary, hideEmpty = true, testId }: { summary: SummaryView; hideEmpty?: boolean; testId?: string }) {
  const rows = summary.posts.filter((p) => !hideEmpty || p.approved !== 0 || p.occupied !== 0 || p.reserved !== 0);
  return (
    <Table<PostRow>
      data-testid={testId}
      size="middle"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: '编制类型', dataIndex: 'key', render: (k: PostRow['key']) => L.post[k] },
        { title: '核定编制', dataIndex: 'approved', align: 'right' },
        { title: '实有人数', dataIndex: 'occupied', align: 'right' },
        { title: '已核准待使用', dataIndex: 'reserved', align: 'right' },
        { title: '空编', dataIndex: 'vacant', align: 'right', render: n },
      ]}
      summary={() => (
        <Table.Summary.Row style={{ fontWeight: 600 }}>
          <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">{summary.totals.approved}</Table.Summary.Cell>
          <Table.Summary.Cell index={2} align="right">{summary.totals.occupied}</Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="right">{summary.totals.reserved}</Table.Summary.Cell>
          <Table.Summary.Cell index={4} align="right">
            <span data-testid={testId ? `${testId}-vacant` : undefined}>{n(summary.totals.vacant)}</span>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}
