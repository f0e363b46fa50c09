/** 首页: the unit at a glance. */
import { Alert, Card, Col, List, Row, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { HomeSummary } from '../../domain/contract/views';
import { useApi } from '../api/hooks';
import { navigate } from '../app/router';
import { fmtInstant, L } from '../components/labels';
import { Loading, Page } from '../components/Page';
import { PostTable } from '../components/PostTable';

function Figures({ s, prefix }: { s: HomeSummary['own']; prefix: string }) {
  const items: [string, number, string][] = [
    ['核定编制', s.totals.approved, 'approved'],
    ['实有人数', s.totals.occupied, 'occupied'],
    ['已核准待使用', s.totals.reserved, 'reserved'],
    ['空编', s.totals.vacant, 'vacant'],
  ];
  return (
    <Row gutter={16}>
      {items.map(([label, v, id]) => (
        <Col span={6} key={id}>
          <Card size="small">
            <Statistic title={<span style={{ fontSize: 16 }}>{label}</span>} value={v} valueStyle={{ fontSize: 30, color: id === 'vacant' && v < 0 ? '#cf1322' : undefined }} />
            <span data-testid={`${prefix}-${id}`} hidden>
              {v}
            </span>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

export function HomeScreen() {
  const q = useApi('home:summary', {});
  if (!q.data) return <Loading q={q} />;
  const h = q.data;
  const leaders = h.own.leaders.filter((l) => l.quota > 0 || l.used > 0);
  return (
    <Page title="首页" testId="screen-home" extra={<Typography.Text type="secondary">今天 {h.today}{'\u3000'}上次同步 {fmtInstant(h.lastSyncAt)}</Typography.Text>}>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="home-unit-name">
          {h.unit.name}
        </Typography.Title>
        <Typography.Text style={{ fontSize: 16 }}>
          {L.unitKind[h.unit.kind]}{'\u3000'}{L.unitRank[h.unit.rank]}{'\u3000'}{L.funding[h.unit.fundingForm]}{'\u3000'}统一社会信用代码 {h.unit.creditCode}
          {h.subordinateCount > 0 && `\u3000所属单位 ${h.subordinateCount} 个`}
        </Typography.Text>
      </Card>
      <Tabs
        items={[
          {
            key: 'own',
            label: '本单位',
            children: (
              <>
                <Figures s={h.own} prefix="home" />
                <div style={{ marginTop: 16 }}>
                  <PostTable summary={h.own} testId="home-posts" />
                </div>
              </>
            ),
          },
          ...(h.subordinateCount > 0
            ? [
                {
                  key: 'subtree',
                  label: `含所属单位（共 ${h.subordinateCount + 1} 个）`,
                  children: (
                    <>
                      <Figures s={h.subtree} prefix="home-subtree" />
                      <div style={{ marginTop: 16 }}>
                        <PostTable summary={h.subtree} />
                      </div>
                    </>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={8}>
          <Card title="领导职数" size="small">
            {leaders.length === 0 ? (
              <Typography.Text type="secondary">未核定领导职数</Typography.Text>
            ) : (
              <Table
                size="small"
                pagination={false}
                rowKey="kind"
                dataSource={leaders}
                columns={[
                  { title: '职数类别', dataIndex: 'kind', render: (k: keyof typeof L.leader) => L.leader[k] },
                  { title: '核定', dataIndex: 'quota', align: 'right' },
                  { title: '实配', dataIndex: 'used', align: 'right', render: (v: number, r) => (v > r.quota ? <span className="ebz-figure-neg">{v}</span> : v) },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col span={8}>
          <Card title="业务申报" size="small" extra={<a onClick={() => navigate('/requests')}>查看全部</a>}>
            <Row>
              <Col span={8}>
                <Statistic title="办理中" value={h.openRequests.total} />
              </Col>
              <Col span={8}>
                <Statistic title="待上传" value={h.openRequests.waitingUpload} />
              </Col>
              <Col span={8}>
                <Statistic title="被退回" value={h.openRequests.returned} valueStyle={{ color: h.openRequests.returned > 0 ? '#d46b08' : undefined }} />
              </Col>
            </Row>
          </Card>
          <Card size="small" style={{ marginTop: 16 }}>
            <Row>
              <Col span={8}>
                <Statistic title="在编人员" value={h.staffCount} />
              </Col>
              <Col span={8}>
                <Statistic title="减少人员" value={h.departedCount} />
              </Col>
              <Col span={8}>
                <Statistic title="编外人员" value={h.offEstablishment} />
              </Col>
            </Row>
          </Card>
        </Col>
        <Col span={8}>
          <Card title={`预警（${h.alarms.total} 条）`} size="small" extra={<a onClick={() => navigate('/alarms')}>查看全部</a>}>
            {h.alarms.total === 0 ? (
              <Alert type="success" showIcon title="没有预警" />
            ) : (
              <List
                size="small"
                dataSource={h.alarms.byKind}
                renderItem={(b) => (
                  <List.Item>
                    <Tag color="red">{L.alarm[b.kind]}</Tag>
                    <span>{b.count} 条</span>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
