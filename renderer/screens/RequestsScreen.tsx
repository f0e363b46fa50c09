/** 我的申报: every request with its state and decision trail; returned ones can be corrected and filed again. */
import { App, Button, Descriptions, Popconfirm, Segmented, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import type { RequestItem } from '../../domain/contract/views';
import { api } from '../api/api';
import { useApi } from '../api/hooks';
import { errorText } from '../app/errors';
import { navigate } from '../app/router';
import { fmtInstant, L, STATE_COLORS } from '../components/labels';
import { Loading, Page } from '../components/Page';

function StateTag({ r }: { r: RequestItem }) {
  if (r.localState) return <Tag color={r.localState === 'uploadFailed' ? 'red' : 'orange'} data-testid="request-state">{L.localState[r.localState]}</Tag>;
  return <Tag color={STATE_COLORS[r.state]} data-testid="request-state">{L.requestState[r.state]}</Tag>;
}

function Trail({ r }: { r: RequestItem }) {
  return (
    <div style={{ padding: '8px 24px' }}>
      {r.lastError && <Typography.Paragraph type="danger">上传失败原因：{r.lastError}</Typography.Paragraph>}
      {r.trail.length === 0 ? (
        <Typography.Text type="secondary">{r.localState ? '申报已签名保存在本机，联网同步后上传到编办。' : '暂无办理记录'}</Typography.Text>
      ) : (
        <Timeline
          items={r.trail.map((t) => ({
            color: t.to === 'approved' ? 'green' : t.to === 'returned' || t.to === 'rejected' ? 'red' : 'blue',
            children: (
              <span>
                <b>{L.event[t.event]}</b>{'\u3000'}{fmtInstant(t.at)}{'\u3000'}{t.actorName}{'\u3000'}→ {L.requestState[t.to]}
                {t.comment && <div>审核意见：{t.comment}</div>}
              </span>
            ),
          }))}
        />
      )}
      <Descriptions size="small" column={2} style={{ marginTop: 8 }}>
        <Descriptions.Item label="申报编号">{r.id}</Descriptions.Item>
        <Descriptions.Item label="单位">{r.unitName}</Descriptions.Item>
      </Descriptions>
    </div>
  );
}

export default function RequestsScreen() {
  const { message } = App.useApp();
  const q = useApi('requests:list', {});
  const [filter, setFilter] = useState<'all' | 'open' | 'done'>('all');
  if (!q.data) return <Loading q={q} />;
  const rows = q.data.filter((r) =>
    filter === 'all' ? true : filter === 'open' ? r.localState !== null || !['approved', 'rejected', 'withdrawn'].includes(r.state) : ['approved', 'rejected', 'withdrawn'].includes(r.state),
  );

  async function withdraw(r: RequestItem) {
    try {
      await api.call('requests:withdraw', { id: r.id, reason: '单位撤回' });
      message.success('已撤回');
      void q.refetch();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  // A returned request is edited in its form and re-signed under the same id (requests:resubmit).
  function resubmit(r: RequestItem) {
    navigate(`/file/${r.kind}?resubmit=${r.id}`);
  }

  async function cancel(r: RequestItem) {
    try {
      await api.call('requests:cancel', { id: r.id });
      message.success('已取消，这份申报不会上传');
      void q.refetch();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  return (
    <Page
      title="我的申报"
      testId="screen-requests"
      extra={
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          options={[
            { value: 'all', label: '全部' },
            { value: 'open', label: '办理中' },
            { value: 'done', label: '已办结' },
          ]}
        />
      }
    >
      <Table<RequestItem>
        rowKey="id"
        dataSource={rows}
        data-testid="requests-table"
        pagination={{ pageSize: 15, showSizeChanger: false }}
        expandable={{ expandedRowRender: (r) => <Trail r={r} /> }}
        columns={[
          { title: '申报类型', dataIndex: 'kind', width: 110, render: (k: RequestItem['kind']) => L.requestKind[k] },
          { title: '内容', dataIndex: 'title', ellipsis: true },
          { title: '单位', dataIndex: 'unitName', width: 200, ellipsis: true },
          { title: '状态', width: 150, render: (_, r) => <StateTag r={r} /> },
          { title: '填报时间', dataIndex: 'createdAt', width: 200, render: fmtInstant },
          {
            title: '操作',
            width: 170,
            render: (_, r) => (
              <Space>
                {r.localState === null && ['submitted', 'supervisorReview', 'bianbanReview'].includes(r.state) && (
                  <Popconfirm title="撤回这份申报？撤回后编办不再审核。" okText="撤回" cancelText="不撤回" onConfirm={() => void withdraw(r)}>
                    <Button size="small">撤回</Button>
                  </Popconfirm>
                )}
                {r.localState === 'waitingUpload' && (
                  <Popconfirm title="取消这份待上传的申报？取消后不会上传到编办。" okText="取消申报" cancelText="保留" onConfirm={() => void cancel(r)}>
                    <Button size="small" danger>
                      取消
                    </Button>
                  </Popconfirm>
                )}
                {r.localState === null && r.state === 'returned' && (
                  <Button size="small" type="primary" onClick={() => resubmit(r)}>
                    修改后重新提交
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Page>
  );
}
