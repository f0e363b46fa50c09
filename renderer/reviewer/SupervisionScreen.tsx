/**
 * 监督检查: the alarms of every unit in the jurisdiction, counted by kind; drill down kind → units → the
 * alarm with its advice; export to Excel (all, or the kind being looked at).
 */
import { useMemo, useState } from 'react';
import { Alert, App, Badge, Button, Card, Col, Empty, List, Row, Table, Typography } from 'antd';
import { FileExcelOutlined, ReloadOutlined } from '@ant-design/icons';
import { ALARM_KINDS, type AlarmKind } from '../../domain/alarms';
import type { SupervisionAlarm } from '../../domain/contract/reviewer-ledger';
import { api } from '../api/api';
import { useApi } from '../api/hooks';
import { errorText } from '../app/errors';
import { download, fmtInstant, L } from '../components/labels';
import { Loading, Page } from '../components/Page';

export default function SupervisionScreen() {
  const q = useApi('reviewer:supervision', {});
  const [kind, setKind] = useState<AlarmKind | null>(null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const alarms = useMemo(() => q.data?.alarms ?? [], [q.data]);
  const byKind = useMemo(() => ALARM_KINDS.map((k) => ({ kind: k, list: alarms.filter((a) => a.kind === k) })), [alarms]);
  const activeKind = kind ?? byKind.find((k) => k.list.length > 0)?.kind ?? null;
  const units = useMemo(() => {
    const m = new Map<string, { unitId: string; unitName: string; count: number }>();
    for (const a of alarms.filter((x) => x.kind === activeKind)) {
      const u = m.get(a.unitId) ?? { unitId: a.unitId, unitName: a.unitName, count: 0 };
      u.count++;
      m.set(a.unitId, u);
    }
    return [...m.values()].sort((a, b) => b.count - a.count);
  }, [alarms, activeKind]);
  const activeUnit = unitId && units.some((u) => u.unitId === unitId) ? unitId : (units[0]?.unitId ?? null);
  const detail = alarms.filter((a) => a.kind === activeKind && a.unitId === activeUnit);

  async function exportXlsx(only?: AlarmKind) {
    setBusy(true);
    try {
      const f = await api.call('reviewer:supervisionExport', only ? { kind: only } : {});
      download(f.fileName, f.mime, f.base64);
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page
      title="监督检查"
      testId="screen-supervision"
      extra={
        <>
          <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>
            刷新
          </Button>
          {activeKind && (
            <Button icon={<FileExcelOutlined />} onClick={() => void exportXlsx(activeKind)} loading={busy}>
              导出本类
            </Button>
          )}
          <Button type="primary" icon={<FileExcelOutlined />} onClick={() => void exportXlsx()} loading={busy} data-testid="supervision-export">
            导出全部
          </Button>
        </>
      }
    >
      {!q.data ? (
        <Loading q={q} />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            辖区单位 {q.data.unitCount} 个，预警 {alarms.length} 条，涉及单位 {new Set(alarms.map((a) => a.unitId)).size} 个；数据截至 {fmtInstant(q.data.syncedAt)}（统计日期 {q.data.today}）
          </Typography.Paragraph>
          {alarms.length === 0 ? (
            <Card>
              <Empty description="辖区内没有预警" />
            </Card>
          ) : (
            <Row gutter={16}>
              <Col span={6}>
                <Card size="small" title="预警类别">
                  <List
                    size="small"
                    dataSource={byKind}
                    renderItem={(k) => (
                      <List.Item
                        data-testid={`alarm-kind-${k.kind}`}
                        onClick={() => {
                          setKind(k.kind);
                          setUnitId(null);
                        }}
                        style={{ cursor: 'pointer', background: k.kind === activeKind ? '#e6f0fa' : undefined, paddingInline: 8 }}
                      >
                        <span style={{ whiteSpace: 'nowrap' }}>{L.alarm[k.kind]}</span>
                        <Badge count={k.list.length} showZero color={k.list.length ? '#cf1322' : '#bfbfbf'} overflowCount={9999} />
                      </List.Item>
                    )}
                  />
                </Card>
              </Col>
              <Col span={7}>
                <Card size="small" title={`${activeKind ? L.alarm[activeKind] : ''} · 单位（${units.length}）`}>
                  <Table
                    size="small"
                    rowKey="unitId"
                    dataSource={units}
                    pagination={{ pageSize: 10, showSizeChanger: false, size: 'small' }}
                    onRow={(u) => ({ onClick: () => setUnitId(u.unitId), style: { cursor: 'pointer', background: u.unitId === activeUnit ? '#e6f0fa' : undefined } })}
                    columns={[
                      { title: '单位', dataIndex: 'unitName', ellipsis: true },
                      { title: '条数', dataIndex: 'count', width: 60, align: 'right' },
                    ]}
                  />
                </Card>
              </Col>
              <Col span={11}>
                <Card size="small" title={units.find((u) => u.unitId === activeUnit)?.unitName ?? '预警'} data-testid="alarm-detail">
                  {detail.map((a: SupervisionAlarm, i) => (
                    <Alert key={`${a.subject}${i}`} style={{ marginBottom: 8 }} type="warning" showIcon title={a.message} description={<span>处理建议：{a.advice}</span>} />
                  ))}
                </Card>
              </Col>
            </Row>
          )}
        </>
      )}
    </Page>
  );
}
