/** 机构信息: facts, functions, power list, divisions, subordinate units as a tree, history. */
import { useMemo, useState } from 'react';
import { Card, Col, Descriptions, Empty, List, Row, Table, Tabs, Timeline, Tree, Typography } from 'antd';
import type { UnitNode } from '../../domain/contract/views';
import { useApi } from '../api/hooks';
import { L } from '../components/labels';
import { Loading, Page } from '../components/Page';

interface TreeItem {
  key: string;
  title: string;
  children: TreeItem[];
}

function buildTree(nodes: UnitNode[], rootId: string): TreeItem[] {
  const byParent = new Map<string | null, UnitNode[]>();
  for (const n of nodes) {
    const l = byParent.get(n.supervisorUnitId) ?? [];
    l.push(n);
    byParent.set(n.supervisorUnitId, l);
  }
  const make = (n: UnitNode): TreeItem => ({ key: n.id, title: `${n.name}（${L.unitKind[n.kind]}，在编 ${n.staffCount} 人）`, children: (byParent.get(n.id) ?? []).map(make) });
  const root = nodes.find((n) => n.id === rootId);
  return root ? [make(root)] : [];
}

export default function UnitScreen() {
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const q = useApi('unit:info', unitId ? { unitId } : {});
  const tree = useMemo(() => (q.data ? buildTree(q.data.tree, q.data.unit.id) : []), [q.data]);
  if (!q.data) return <Loading q={q} />;
  const { unit, divisions, supervisor, bianbanName, offEstablishment } = q.data;
  return (
    <Page title="机构信息" testId="screen-unit">
      <Row gutter={16}>
        <Col span={16}>
          <Card>
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              {unit.name}
            </Typography.Title>
            <Descriptions column={2} bordered size="middle" labelStyle={{ width: 170, whiteSpace: 'nowrap' }}>
              <Descriptions.Item label="统一社会信用代码" span={2}>
                {unit.creditCode}
              </Descriptions.Item>
              <Descriptions.Item label="机构类别">{L.unitKind[unit.kind]}</Descriptions.Item>
              <Descriptions.Item label="机构规格">{L.unitRank[unit.rank]}</Descriptions.Item>
              <Descriptions.Item label="经费形式">{L.funding[unit.fundingForm]}</Descriptions.Item>
              <Descriptions.Item label="主管部门">{supervisor?.name ?? '无（本单位为主管部门）'}</Descriptions.Item>
              <Descriptions.Item label="审批编办">{bianbanName}</Descriptions.Item>
              <Descriptions.Item label="成立日期">{unit.establishedOn}</Descriptions.Item>
              <Descriptions.Item label="编外人员">{offEstablishment} 人</Descriptions.Item>
              <Descriptions.Item label="地址" span={2}>
                {unit.address}
              </Descriptions.Item>
              <Descriptions.Item label="联系电话" span={2}>
                {unit.phone}
              </Descriptions.Item>
            </Descriptions>
            <Tabs
              style={{ marginTop: 16 }}
              items={[
                { key: 'functions', label: '主要职责', children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 16 }}>{unit.functions || '（未登记）'}</Typography.Paragraph> },
                {
                  key: 'powers',
                  label: `权责清单（${unit.powerList.length} 项）`,
                  children: unit.powerList.length ? <List size="small" dataSource={unit.powerList} renderItem={(p, i) => <List.Item>{i + 1}. {p}</List.Item>} /> : <Empty description="未登记权责清单" />,
                },
                {
                  key: 'divisions',
                  label: `内设机构（${divisions.length} 个）`,
                  children: (
                    <Table
                      size="small"
                      rowKey="id"
                      pagination={false}
                      dataSource={divisions}
                      columns={[
                        { title: '内设机构', dataIndex: 'name' },
                        { title: '在编人数', dataIndex: 'staffCount', align: 'right', width: 120 },
                      ]}
                    />
                  ),
                },
                {
                  key: 'history',
                  label: '历史沿革',
                  children: unit.history.length ? (
                    <Timeline items={unit.history.map((h) => ({ children: <span><b>{h.date}</b>{'\u3000'}{h.text}</span> }))} />
                  ) : (
                    <Empty description="未登记历史沿革" />
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col span={8}>
          <Card title="机构隶属关系" size="small">
            {tree[0]?.children.length ? (
              <Tree treeData={tree} defaultExpandAll selectedKeys={[unit.id]} onSelect={(keys) => keys[0] && setUnitId(String(keys[0]))} style={{ fontSize: 15 }} />
            ) : (
              <Typography.Text type="secondary">本单位没有所属单位</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
