/** 减少人员: everyone who left establishment, kept for good. */
import { useState } from 'react';
import { Input, Segmented, Space, Table, Typography } from 'antd';
import type { DepartedPage } from '../../domain/contract/views';
import { useApi } from '../api/hooks';
import { L } from '../components/labels';
import { Loading, Page } from '../components/Page';

type Row = DepartedPage['rows'][number];

export default function DepartedScreen() {
  const [scope, setScope] = useState<'unit' | 'subtree'>('subtree');
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const q = useApi('departed:list', { scope, ...(text.trim() ? { text: text.trim() } : {}), offset: (page - 1) * pageSize, limit: pageSize }, { placeholderData: (prev) => prev });
  return (
    <Page title="减少人员" testId="screen-departed">
      <Space style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder="姓名或身份证号" style={{ width: 260 }} onSearch={(v) => { setText(v); setPage(1); }} />
        <Segmented value={scope} onChange={(v) => { setScope(v as 'unit' | 'subtree'); setPage(1); }} options={[{ value: 'unit', label: '本单位' }, { value: 'subtree', label: '含所属单位' }]} />
        {q.data && <Typography.Text>共 {q.data.total} 人</Typography.Text>}
      </Space>
      {!q.data ? (
        <Loading q={q} />
      ) : (
        <Table<Row>
          size="middle"
          rowKey="id"
          dataSource={q.data.rows}
          pagination={{ current: page, pageSize, total: q.data.total, onChange: setPage, showSizeChanger: false }}
          columns={[
            { title: '姓名', dataIndex: 'name', width: 100 },
            { title: '性别', dataIndex: 'sex', width: 60, render: (s: Row['sex']) => L.sex[s] },
            { title: '身份证号', dataIndex: 'idNumber', width: 180 },
            { title: '原单位', dataIndex: 'unitName', ellipsis: true },
            { title: '原编制类型', dataIndex: 'postKey', width: 170, render: (k: Row['postKey']) => L.post[k] },
            { title: '出编原因', dataIndex: 'reason', width: 100, render: (r: Row['reason']) => L.departure[r] },
            { title: '出编日期', dataIndex: 'departedOn', width: 120 },
            { title: '通知单号', dataIndex: 'departureNoticeNumber', width: 210, render: (n: string | null) => n ?? '—' },
          ]}
        />
      )}
    </Page>
  );
}
