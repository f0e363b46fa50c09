/** 审核记录: the decisions this reviewer's certificate made (from the synced replica). */
import { Card, Empty, Table, Tag } from 'antd';
import type { RequestKind } from '../../domain/requests';
import { useApi } from '../api/hooks';
import { fmtInstant, L } from '../components/labels';
import { Loading, Page } from '../components/Page';

const OUTCOME: Record<string, { label: string; color: string }> = {
  approve: { label: '核准', color: 'green' },
  return: { label: '退回修改', color: 'orange' },
  reject: { label: '不予核准', color: 'red' },
};

export default function ReviewHistoryScreen() {
  const q = useApi('reviewer:history', {});
  return (
    <Page title="审核记录" testId="screen-review-history">
      {!q.data ? (
        <Loading q={q} />
      ) : q.data.length === 0 ? (
        <Card>
          <Empty description="还没有审核记录（同步后显示本人作出的审核意见）" />
        </Card>
      ) : (
        <Table
          rowKey={(r) => `${r.id}${r.at}`}
          dataSource={q.data}
          pagination={{ pageSize: 12, showSizeChanger: false }}
          columns={[
            { title: '时间', dataIndex: 'at', width: 170, render: (t: string) => <span style={{ whiteSpace: 'nowrap' }}>{fmtInstant(t)}</span> },
            { title: '业务', dataIndex: 'kind', width: 110, render: (k: RequestKind) => <Tag>{L.requestKind[k]}</Tag> },
            { title: '单位', dataIndex: 'unitName', ellipsis: true },
            { title: '事项', dataIndex: 'title', ellipsis: true },
            { title: '结论', dataIndex: 'outcome', width: 110, render: (o: string) => <Tag color={OUTCOME[o]?.color}>{OUTCOME[o]?.label ?? o}</Tag> },
            { title: '意见', dataIndex: 'comment', ellipsis: true },
            { title: '表单编号', dataIndex: 'formNumber', width: 220, render: (n: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{n ?? ''}</span> },
          ]}
        />
      )}
    </Page>
  );
}
