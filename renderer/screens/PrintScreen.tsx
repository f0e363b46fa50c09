/** 打印中心: issued forms and the unit's own sheets; preview, print (logged, repeats marked 补打), save as PDF. */
import { useRef, useState } from 'react';
import { App, Button, Modal, Space, Table, Tag, Typography } from 'antd';
import { EyeOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { Printable } from '../../domain/contract/views';
import { api } from '../api/api';
import { useApi } from '../api/hooks';
import { errorText } from '../app/errors';
import { download, fmtInstant, L } from '../components/labels';
import { Loading, Page } from '../components/Page';

export default function PrintScreen() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useApi('print:list', {});
  const log = useApi('print:log', {});
  const [preview, setPreview] = useState<{ item: Printable; html: string; title: string; reprint: boolean } | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);

  async function open(item: Printable) {
    try {
      const r = await api.call('print:preview', { formKind: item.formKind, number: item.number });
      setPreview({ item, ...r });
    } catch (e) {
      message.error(errorText(e));
    }
  }

  async function printIt() {
    if (!preview || !frame.current?.contentWindow) return;
    frame.current.contentWindow.print();
    await api.call('print:record', { formKind: preview.item.formKind, number: preview.item.number, copies: 1 });
    void qc.invalidateQueries({ queryKey: ['print:list'] });
    void qc.invalidateQueries({ queryKey: ['print:log'] });
  }

  async function pdf(item: Printable) {
    try {
      const f = await api.call('print:pdf', { formKind: item.formKind, number: item.number });
      download(f.fileName, f.mime, f.base64);
      void qc.invalidateQueries({ queryKey: ['print:list'] });
      void qc.invalidateQueries({ queryKey: ['print:log'] });
    } catch (e) {
      message.error(errorText(e));
    }
  }

  if (!list.data) return <Loading q={list} />;
  return (
    <Page title="打印中心" testId="screen-print">
      <Table<Printable>
        rowKey={(r) => `${r.formKind}:${r.number ?? ''}`}
        dataSource={list.data}
        pagination={{ pageSize: 12, showSizeChanger: false }}
        columns={[
          { title: '表单', dataIndex: 'title', ellipsis: true },
          { title: '编号', dataIndex: 'number', width: 200, render: (n: string | null) => n ?? '—' },
          { title: '签发日期', dataIndex: 'issuedOn', width: 120, render: (d: string | null) => d ?? '—' },
          { title: '已打印', dataIndex: 'printedTimes', width: 100, render: (n: number) => (n > 0 ? <Tag>{n} 次</Tag> : '未打印') },
          {
            title: '操作',
            width: 260,
            render: (_, r) => (
              <Space>
                <Button size="small" icon={<EyeOutlined />} onClick={() => void open(r)}>
                  预览打印
                </Button>
                <Button size="small" icon={<FilePdfOutlined />} onClick={() => void pdf(r)}>
                  存为 PDF
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        打印记录
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        dataSource={log.data ?? []}
        pagination={{ pageSize: 8, showSizeChanger: false }}
        columns={[
          { title: '时间', dataIndex: 'printedAt', width: 190, render: fmtInstant },
          { title: '表单', dataIndex: 'formKind', render: (k: string) => L.form[k === 'publicity' ? 'publicityNotice' : k] ?? '表单' },
          { title: '编号', dataIndex: 'formNumber', render: (n: string | null) => n ?? '—' },
          { title: '份数', dataIndex: 'copies', width: 80 },
          { title: '补打', dataIndex: 'reprint', width: 80, render: (b: boolean) => (b ? <Tag color="orange">补打</Tag> : '') },
          { title: '打印人', dataIndex: 'printedBy', width: 200, ellipsis: true },
        ]}
      />
      <Modal
        open={preview !== null}
        onCancel={() => setPreview(null)}
        width={900}
        title={preview ? `${preview.title}${preview.reprint ? '（补打）' : ''}` : ''}
        footer={
          <Space>
            <Button onClick={() => setPreview(null)}>关闭</Button>
            <Button type="primary" icon={<PrinterOutlined />} onClick={() => void printIt()}>
              打印
            </Button>
          </Space>
        }
        styles={{ body: { height: '70vh' } }}
      >
        {preview && <iframe ref={frame} className="ebz-print-frame" title="打印预览" srcDoc={preview.html} sandbox="allow-modals allow-same-origin" />}
      </Modal>
    </Page>
  );
}
