/** 同步: online / offline, last sync, the outbox with states, first-sync progress, 立即同步. */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Progress, Table, Tag } from 'antd';
import { CloudSyncOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { SyncStatus } from '../../domain/contract/views';
import { api } from '../api/api';
import { useApi } from '../api/hooks';
import { errorText } from '../app/errors';
import { fmtInstant, L } from '../components/labels';
import { Loading, Page } from '../components/Page';

type Item = SyncStatus['items'][number];

export default function SyncScreen() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useApi('sync:status', {});
  const [progress, setProgress] = useState<{ phase: string; done: number; total: number | null } | null>(null);
  const [rounds, setRounds] = useState(0);
  useEffect(() => api.on('sync:progress', setProgress), []);
  if (!q.data) return <Loading q={q} />;
  const s = q.data;

  async function syncNow() {
    try {
      const next = await api.call('sync:now', {});
      qc.setQueryData(['sync:status', {}], next);
      setRounds((n) => n + 1);
      message.success('同步完成');
    } catch (e) {
      message.error(errorText(e));
    }
  }

  const snapPct = s.snapshot.total ? Math.round((s.snapshot.done / s.snapshot.total) * 100) : 0;
  return (
    <Page
      title="同步"
      testId="screen-sync"
      extra={
        <Button type="primary" size="large" icon={<CloudSyncOutlined />} loading={s.running} onClick={() => void syncNow()} disabled={!s.configured} data-testid="sync-now">
          立即同步
        </Button>
      }
    >
      <span data-testid="sync-rounds" hidden>
        {rounds}
      </span>
      {s.lastError && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={s.lastError} data-testid="sync-error" />}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={2} bordered size="middle">
          <Descriptions.Item label="连接状态">
            {!s.configured ? <Tag>未配置服务器（离线使用）</Tag> : s.online ? <Tag color="success">在线</Tag> : s.online === false ? <Tag color="warning">离线</Tag> : <Tag>尚未连接</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="编办服务器">{s.serverUrl ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="上次下载">{fmtInstant(s.lastPullAt)}</Descriptions.Item>
          <Descriptions.Item label="上次上传">{fmtInstant(s.lastPushAt)}</Descriptions.Item>
          <Descriptions.Item label="首次同步">
            {s.snapshot.complete ? '已完成' : s.snapshot.total ? <Progress percent={snapPct} size="small" style={{ width: 220 }} /> : '尚未开始'}
          </Descriptions.Item>
          <Descriptions.Item label="待上传">
            {s.outbox.pending + s.outbox.sending} 件{s.outbox.failed > 0 && <Tag color="red" style={{ marginLeft: 8 }}>{s.outbox.failed} 件失败</Tag>}
          </Descriptions.Item>
        </Descriptions>
        {progress && s.running && (
          <div style={{ marginTop: 12 }}>
            正在{progress.phase === 'push' ? '上传申报' : progress.phase === 'snapshot' ? '下载本单位全部数据' : '下载更新'}：{progress.done}
            {progress.total !== null && ` / ${progress.total}`}
          </div>
        )}
      </Card>
      <Card title="上传队列" size="small">
        <Table<Item>
          rowKey="id"
          size="small"
          dataSource={s.items}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          locale={{ emptyText: '没有待上传的申报' }}
          columns={[
            { title: '申报', dataIndex: 'title', ellipsis: true },
            { title: '类型', dataIndex: 'kind', width: 110, render: (k: Item['kind']) => L.requestKind[k] },
            { title: '状态', dataIndex: 'state', width: 110, render: (st: Item['state']) => <Tag color={st === 'acked' ? 'success' : st === 'failed' ? 'red' : 'orange'}>{L.outbox[st]}</Tag> },
            { title: '尝试次数', dataIndex: 'attempts', width: 100, align: 'right' },
            { title: '失败原因', dataIndex: 'lastError', ellipsis: true, render: (e: string | null) => e ?? '—' },
            { title: '签名时间', dataIndex: 'createdAt', width: 180, render: fmtInstant },
          ]}
        />
      </Card>
    </Page>
  );
}
