/** 统计分析: age pyramid, education, post type, position level, ethnicity; by subordinate unit for departments. */
import { useMemo, useState } from 'react';
import { Card, Col, Row, Segmented, Statistic } from 'antd';
import type { StatsView } from '../../domain/contract/views';
import type { PostKey } from '../../domain/posts';
import { useApi } from '../api/hooks';
import { Chart } from '../components/Chart';
import { L } from '../components/labels';
import { Loading, Page } from '../components/Page';

const pie = (data: { name: string; value: number }[]) => ({
  tooltip: { trigger: 'item', formatter: '{b}：{c} 人（{d}%）' },
  legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
  series: [{ type: 'pie', radius: ['35%', '70%'], center: ['38%', '50%'], data, label: { formatter: '{b}\n{c}人' } }],
});

const bars = (names: string[], values: number[], horizontal = false) => ({
  tooltip: { trigger: 'axis' },
  grid: { left: horizontal ? 110 : 40, right: 20, top: 20, bottom: horizontal ? 20 : 60 },
  xAxis: horizontal ? { type: 'value' } : { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
  yAxis: horizontal ? { type: 'category', data: names, inverse: true } : { type: 'value' },
  series: [{ type: 'bar', data: values, label: { show: true, position: horizontal ? 'right' : 'top' }, itemStyle: { color: '#1f5fa8' } }],
});

function options(s: StatsView) {
  const ages = s.agePyramid.map((b) => b.band);
  return {
    pyramid: {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (p: { seriesName: string; value: number; name: string }[]) => `${p[0]?.name}<br/>${p.map((x) => `${x.seriesName}：${Math.abs(x.value)} 人`).join('<br/>')}` },
      legend: { data: ['男', '女'], top: 0 },
      grid: { left: 90, right: 30, top: 30, bottom: 20 },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => String(Math.abs(v)) } },
      yAxis: { type: 'category', data: ages },
      series: [
        { name: '男', type: 'bar', stack: 'a', data: s.agePyramid.map((b) => -b.male), itemStyle: { color: '#1f5fa8' } },
        { name: '女', type: 'bar', stack: 'a', data: s.agePyramid.map((b) => b.female), itemStyle: { color: '#e0668a' } },
      ],
    },
    education: bars(
      s.education.map((b) => L.education[b.key as keyof typeof L.education] ?? b.key),
      s.education.map((b) => b.count),
    ),
    postType: pie(s.postType.map((b) => ({ name: L.post[b.key as PostKey] ?? b.key, value: b.count }))),
    level: bars(
      s.positionLevel.map((b) => b.key),
      s.positionLevel.map((b) => b.count),
      true,
    ),
    ethnicity: pie(s.ethnicity.map((b) => ({ name: b.key, value: b.count }))),
    bySubordinate: {
      tooltip: { trigger: 'axis' },
      legend: { data: ['核定编制', '实有人数'], top: 0 },
      grid: { left: 220, right: 30, top: 30, bottom: 20 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: s.bySubordinate.map((u) => u.unitName), inverse: true, axisLabel: { width: 200, overflow: 'truncate' } },
      series: [
        { name: '核定编制', type: 'bar', data: s.bySubordinate.map((u) => u.approved), itemStyle: { color: '#91b4e0' } },
        { name: '实有人数', type: 'bar', data: s.bySubordinate.map((u) => u.occupied), itemStyle: { color: '#1f5fa8' } },
      ],
    },
  };
}

export default function StatsScreen() {
  const [scope, setScope] = useState<'unit' | 'subtree'>('subtree');
  const q = useApi('stats:overview', { scope });
  const o = useMemo(() => (q.data ? options(q.data) : null), [q.data]);
  if (!q.data || !o) return <Loading q={q} />;
  return (
    <Page title="统计分析" testId="screen-stats" extra={<Segmented value={scope} onChange={(v) => setScope(v as 'unit' | 'subtree')} options={[{ value: 'unit', label: '本单位' }, { value: 'subtree', label: '含所属单位' }]} />}>
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card size="small">
            <Statistic title="在编人员合计" value={q.data.total} suffix="人" />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="年龄结构（按性别）" size="small">
            <Chart option={o.pyramid} testId="chart-age" />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="学历结构" size="small">
            <Chart option={o.education} />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="编制类型" size="small">
            <Chart option={o.postType} />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="职级（岗位等级）" size="small">
            <Chart option={o.level} />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="民族" size="small">
            <Chart option={o.ethnicity} />
          </Card>
        </Col>
        {q.data.bySubordinate.length > 1 && (
          <Col span={12}>
            <Card title="各单位编制使用" size="small">
              <Chart option={o.bySubordinate} height={Math.max(300, q.data.bySubordinate.length * 28)} />
            </Card>
          </Col>
        )}
      </Row>
    </Page>
  );
}
