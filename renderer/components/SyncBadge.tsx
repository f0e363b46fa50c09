/** Online / offline and what waits for upload, always visible in the header. */
import { Tag, Tooltip } from 'antd';
import { useApi } from '../api/hooks';
import { navigate } from '../app/router';

export function SyncBadge() {
  const s = useApi('sync:status', {});
  if (!s.data) return null;
  const waiting = s.data.outbox.pending + s.data.outbox.sending;
  const failed = s.data.outbox.failed;
  const label = !s.data.configured ? '离线使用' : s.data.running ? '同步中…' : s.data.online === false ? '离线' : s.data.online ? '在线' : '未连接';
  const color = s.data.running ? 'processing' : s.data.online ? 'success' : s.data.configured ? 'warning' : 'default';
  return (
    <Tooltip title={s.data.lastError ?? (s.data.lastPullAt ? `上次同步：${new Date(s.data.lastPullAt).toLocaleString('zh-CN')}` : '尚未同步')}>
      <span style={{ cursor: 'pointer' }} onClick={() => navigate('/sync')} data-testid="sync-badge">
        <Tag color={color}>{label}</Tag>
        {waiting > 0 && <Tag color="blue">{waiting} 件待上传</Tag>}
        {failed > 0 && <Tag color="red">{failed} 件上传失败</Tag>}
      </span>
    </Tooltip>
  );
}
