/** 预警: each alarm with why it fires and what to do. */
import { useState } from 'react';
import { Alert, Card, Empty, List, Segmented, Select, Space, Tag, Typography } from 'antd';
import { ALARM_KINDS, type AlarmKind } from '../../domain/alarms';
import { useApi } from '../api/hooks';
import { L } from '../components/labels';
import { Loading, Page } from '../components/Page';

export default function AlarmsScreen() {
  const [scope, setScope] = useState<'unit' | 'subtree'>('subtree');
  const [kind, setKind] = useState<AlarmKind | undefined>(undefined);
  const q = useApi('alarms:list', { scope });
  const rows = (q.data ?? []).filter((a) => !kind || a.kind === kind);
  return (
    <Page
      title="预警"
      testId="screen-alarms"
      extra={
        <Space>
          <Select allowClear placeholder="全部预警类型" style={{ width: 200 }} value={kind} onChange={setKind} options={ALARM_KINDS.map((k) => ({ value: k, label: L.alarm[k] }))} />
          <Segmented value={scope} onChange={(v) => setScope(v as 'unit' | 'subtree')} options={[{ value: 'unit', label: '本单位' }, { value: 'subtree', label: '含所属单位' }]} />
        </Space>
      }
    >
      {!q.data ? (
        <Loading q={q} />
      ) : rows.length === 0 ? (
        <Card>
          <Empty description="没有预警，机构编制情况正常" />
        </Card>
      ) : (
        <List
          dataSource={rows}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          renderItem={(a) => (
            <Card size="small" style={{ marginBottom: 12 }}>
              <Space align="start">
                <Tag color="red" style={{ fontSize: 15, padding: '2px 8px' }}>
                  {L.alarm[a.kind]}
                </Tag>
                <div>
                  <Typography.Text strong style={{ fontSize: 16 }}>
                    {a.message}
                  </Typography.Text>
                  <div className="ebz-muted">单位：{a.unitName}</div>
                  <Alert type="info" showIcon style={{ marginTop: 8 }} title={<span>怎么办：{a.advice}</span>} />
                </div>
              </Space>
            </Card>
          )}
        />
      )}
    </Page>
  );
}
