/** 实有人员: searchable, filterable, virtualised; person card; export to Excel. */
import { useDeferredValue, useState } from 'react';
import { App, Button, Checkbox, Input, Segmented, Select, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { StaffQuery, StaffRow } from '../../domain/contract/views';
import { EDUCATIONS } from '../../domain/model';
import { POST_KEYS } from '../../domain/posts';
import { api } from '../api/api';
import { errorText } from '../app/errors';
import { download, L, unitShortName } from '../components/labels';
import { Page } from '../components/Page';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { StaffCardDrawer } from './StaffCardDrawer';

const COLUMNS: Column<StaffRow>[] = [
  { title: '姓名', width: '96px', render: (r) => <b>{r.name}</b> },
  { title: '性别', width: '52px', render: (r) => L.sex[r.sex] },
  { title: '年龄', width: '52px', render: (r) => r.age },
  { title: '身份证号', width: '168px', render: (r) => r.idNumberMasked },
  { title: '单位', width: 'minmax(150px, 1.3fr)', render: (r) => <span title={r.unitName}>{unitShortName(r.unitName)}</span> },
  { title: '内设机构', width: 'minmax(90px, 0.8fr)', render: (r) => r.divisionName || '—' },
  { title: '编制类型', width: '112px', render: (r) => <span title={L.post[r.postKey]}>{L.postShort[r.postKey]}</span> },
  { title: '职务（岗位）', width: 'minmax(120px, 1.2fr)', render: (r) => <span title={r.position}>{r.position}</span> },
  { title: '学历', width: '100px', render: (r) => L.education[r.education] },
  { title: '入编日期', width: '110px', render: (r) => r.enrolledOn },
];

export default function StaffScreen() {
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Omit<StaffQuery, 'offset' | 'limit'>>({ scope: 'subtree' });
  const [text, setText] = useState('');
  const deferredText = useDeferredValue(text.trim());
  const [open, setOpen] = useState<string | null>(null);
  const [total, setTotal] = useState(0);
  const [exporting, setExporting] = useState(false);
  const query = { ...filters, ...(deferredText ? { text: deferredText } : {}) };

  async function exportExcel() {
    setExporting(true);
    try {
      const f = await api.call('staff:export', query);
      download(f.fileName, f.mime, f.base64);
      message.success(`已导出 ${f.rows} 人：${f.fileName}`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  }

  return (
    <Page
      title="实有人员"
      testId="screen-staff"
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => void exportExcel()} loading={exporting}>
          导出 Excel
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder="姓名、身份证号或职务"
          style={{ width: 260 }}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label="查找人员"
        />
        <Segmented
          value={filters.scope}
          onChange={(v) => setFilters({ ...filters, scope: v as 'unit' | 'subtree' })}
          options={[
            { value: 'unit', label: '本单位' },
            { value: 'subtree', label: '含所属单位' },
          ]}
        />
        <Select
          allowClear
          placeholder="编制类型"
          style={{ width: 200 }}
          value={filters.postKey}
          onChange={(v) => setFilters({ ...filters, postKey: v })}
          options={POST_KEYS.map((k) => ({ value: k, label: L.post[k] }))}
        />
        <Select allowClear placeholder="性别" style={{ width: 90 }} value={filters.sex} onChange={(v) => setFilters({ ...filters, sex: v })} options={[{ value: 'male', label: '男' }, { value: 'female', label: '女' }]} />
        <Select
          allowClear
          placeholder="学历"
          style={{ width: 140 }}
          value={filters.education}
          onChange={(v) => setFilters({ ...filters, education: v })}
          options={EDUCATIONS.map((k) => ({ value: k, label: L.education[k] }))}
        />
        <Select
          style={{ width: 150 }}
          value={filters.sort ?? 'name'}
          onChange={(v) => setFilters({ ...filters, sort: v })}
          options={[
            { value: 'name', label: '按姓名排序' },
            { value: 'unit', label: '按单位排序' },
            { value: 'birthDate', label: '按出生日期排序' },
            { value: 'enrolledOn', label: '按入编日期排序' },
            { value: 'postKey', label: '按编制类型排序' },
          ]}
        />
        <Checkbox checked={filters.leadersOnly === true} onChange={(e) => setFilters({ ...filters, leadersOnly: e.target.checked || undefined })}>
          只看领导职务
        </Checkbox>
        <Typography.Text data-testid="staff-total">共 {total} 人</Typography.Text>
      </Space>
      <VirtualTable<StaffRow>
        testId="staff-table"
        queryKey={['staff:list', query]}
        fetchPage={(offset, limit) => api.call('staff:list', { ...query, offset, limit })}
        columns={COLUMNS}
        rowKey={(r) => r.id}
        onOpen={(r) => setOpen(r.id)}
        onTotal={setTotal}
        height="calc(100vh - 250px)"
      />
      <StaffCardDrawer id={open} onClose={() => setOpen(null)} />
    </Page>
  );
}
