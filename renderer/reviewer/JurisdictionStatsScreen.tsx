/**
 * 统计: posts and staff of the jurisdiction by post type, unit kind, level (机构规格) and funding form, with
 * charts, the per-unit table (核定 / 实有 / 空编 per post type), and an Excel export laid out like the
 * statistics tables.
 */
import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Row, Statistic, Table } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import type { JurisdictionStats, StatsGroup, StatsUnitRow } from '../../domain/contract/reviewer-ledger';
import { POST_KEYS, POST_KEY_LABELS } from '../../domain/posts';
import { api } from '../api/api';
import { useApi } from '../api/hooks';
import { errorText } from '../app/errors';
import { Chart } from '../components/Chart';
import { download, L } from '../components/labels';
import { Loading, Page } from '../components/Page';

const SHORT: Record<string, string> = {
  administrative: '行政',
  politicoLegal: '政法\n专项',
  'institutional:full': '事业\n全额',
  'institutional:partial': '事业\n差额',
  'institutional:self': '事业\n自理',
  serviceWorker: '工勤',
  organOther: '机关\n其他',
};

const grouped = (groups: StatsGroup[], labels: (g: StatsGroup) => string = (g) => g.label) => ({
  tooltip: { trigger: 'axis' },
  legend: { data: ['核定编制', '实有人数', '空编'], top: 0 },
  grid: { left: 50, right: 20, top: 36, bottom: 30, containLabel: true },
  xAxis: { type: 'category', data: groups.map(labels), axisLabel: { interval: 0 } },
  yAxis: { type: 'value' },
  series: [
    { name: '核定编制', type: 'bar', data: groups.map((g) => g.approved), itemStyle: { color: '#91b4e0' } },
    { name: '实有人数', type: 'bar', data: groups.map((g) => g.occupied), itemStyle: { color: '#1f5fa8' } },
    { name: '空编', type: 'bar', data: groups.map((g) => g.vacant), itemStyle: { color: '#f0a35e' } },
  ],
});

const pie = (groups: StatsGroup[]) => ({
  tooltip: { trigger: 'item', formatter: '{b}：{c} 个单位（{d}%）' },
  legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
  series: [{ type: 'pie', radius: ['35%', '70%'], center: ['38%', '50%'], data: groups.map((g) => ({ name: g.label, value: g.units })), label: { formatter: '{b}\n{c}个' } }],
});

function options(s: JurisdictionStats) {
  return {
    postKey: grouped(s.byPostKey, (g) => SHORT[g.key] ?? g.label),
    unitKind: grouped(s.byUnitKind),
    rank: grouped(s.byRank),
    funding: pie(s.byFunding),
  };
}

export default function JurisdictionStatsScreen() {
  const q = useApi('reviewer:stats', {});
  const o = useMemo(() => (q.data ? options(q.data) : null), [q.data]);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  async function exportXlsx() {
    setBusy(true);
    try {
      const f = await api.call('reviewer:statsExport', {});
      download(f.fileName, f.mime, f.base64);
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  if (!q.data || !o) return <Loading q={q} />;
  const s = q.data;
  const postCols = POST_KEYS.filter((k) => s.byPostKey.find((g) => g.key === k)!.approved + s.byPostKey.find((g) => g.key === k)!.occupied > 0);
  return (
    <Page
      title="统计"
      testId="screen-jurisdiction-stats"
      extra={
        <Button type="primary" icon={<FileExcelOutlined />} onClick={() => void exportXlsx()} loading={busy} data-testid="stats-export">
          导出统计表
        </Button>
      }
    >
      <Row gutter={[16, 16]}>
        <Col span={6}>
          <Card size="small">
            <Statistic title="辖区单位" value={s.totals.units} suffix="个" />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="核定编制" value={s.totals.approved} suffix="名" />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="实有人数" value={s.totals.occupied} suffix="人" />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="空编" value={s.totals.vacant} suffix="名" valueStyle={{ color: s.totals.vacant < 0 ? '#cf1322' : undefined }} />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="按编制类型" size="small">
            <Chart option={o.postKey} testId="chart-post-type" />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="按机构类别" size="small">
            <Chart option={o.unitKind} />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="按机构规格" size="small">
            <Chart option={o.rank} />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="按经费形式（单位数）" size="small">
            <Chart option={o.funding} />
          </Card>
        </Col>
        <Col span={24}>
          <Card title="各单位编制使用情况" size="small">
            <Table<StatsUnitRow>
              size="small"
              rowKey="unitId"
              bordered
              dataSource={s.units}
              scroll={{ x: 'max-content' }}
              pagination={{ pageSize: 10, showSizeChanger: false }}
              columns={[
                { title: '单位名称', dataIndex: 'unitName', fixed: 'left', width: 240, ellipsis: true },
                { title: '机构类别', dataIndex: 'kind', width: 110, render: (k: string) => L.unitKind[k as keyof typeof L.unitKind] ?? k },
                { title: '机构规格', dataIndex: 'rank', width: 90, render: (k: string) => L.unitRank[k as keyof typeof L.unitRank] ?? k },
                ...postCols.map((k) => ({
                  title: POST_KEY_LABELS[k],
                  children: (['approved', 'occupied', 'vacant'] as const).map((f) => ({
                    title: { approved: '核定', occupied: '实有', vacant: '空编' }[f],
                    key: `${k}-${f}`,
                    width: 56,
                    align: 'right' as const,
                    render: (_: unknown, r: StatsUnitRow) => r.posts[k]?.[f] ?? 0,
                  })),
                })),
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
