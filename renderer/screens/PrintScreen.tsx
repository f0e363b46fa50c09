/**
 * 打印中心: issued forms and the unit's own sheets. 预览; 打印 — in Electron to a chosen printer with
 * copies (optionally without the dialog), in browser mode through the browser's print dialog on the
 * preview; 另存为PDF — Electron's save dialog, or a PDF rendered by headless Chromium in browser mode;
 * 批量打印 — every notice of a month as one PDF. Every print is logged; a repeat is marked 补打 with its date.
 */
import { useRef, useState } from 'react';
import { App, Button, Checkbox, DatePicker, Form, InputNumber, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { EyeOutlined, FilePdfOutlined, PrinterOutlined, SnippetsOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { ResponseOf } from '../../domain/contract/channels';
import type { Printable } from '../../domain/contract/views';
import { NOTICE_KINDS, PRINT_FORM_TITLES, type NoticeKind } from '../../domain/forms/printable-forms';
import { api } from '../api/api';
import { useApi } from '../api/hooks';
import { errorText } from '../app/errors';
import { download, fmtInstant, L } from '../components/labels';
import { Loading, Page } from '../components/Page';

type PrintRecord = ResponseOf<'print:record'>;
type Preview = { item: Printable; html: string; title: string; reprint: boolean };

/** The calendar date (China time) of a print, as the 补打 mark on paper shows it. */
const printDate = (iso: string) => dayjs(iso).format('YYYY年M月D日');

export default function PrintScreen() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useApi('print:list', {});
  const log = useApi('print:log', {});
  const info = useApi('app:info', {});
  const native = info.data?.mode === 'electron';
  const [preview, setPreview] = useState<Preview | null>(null);
  const [copies, setCopies] = useState(1);
  const [printerFor, setPrinterFor] = useState<Printable | null>(null);
  const [batchOpen, setBatchOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['print:list'] });
    void qc.invalidateQueries({ queryKey: ['print:log'] });
  };

  async function open(item: Printable) {
    try {
      const r = await api.call('print:preview', { formKind: item.formKind, number: item.number });
      setCopies(1);
      setPreview({ item, ...r });
    } catch (e) {
      message.error(errorText(e));
    }
  }

  /** Browser mode: the browser's own print dialog on the preview; logged with the copies typed here. */
  async function browserPrint() {
    if (!preview || !frame.current?.contentWindow) return;
    frame.current.contentWindow.print();
    try {
      const rec = await api.call('print:record', { formKind: preview.item.formKind, number: preview.item.number, copies });
      message.success(rec.reprint ? `已记入打印记录（补打 ${printDate(rec.printedAt)}）` : '已记入打印记录');
      refresh();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  function print(item: Printable) {
    if (native) setPrinterFor(item);
    else void open(item);
  }

  async function savePdf(item: Printable) {
    try {
      if (native) {
        const r = await api.call('print:savePdf', { formKind: item.formKind, number: item.number });
        if (r.saved) message.success(`已保存：${r.path}`);
      } else {
        const f = await api.call('print:pdf', { formKind: item.formKind, number: item.number });
        download(f.fileName, f.mime, f.base64);
      }
      refresh();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  if (!list.data) return <Loading q={list} />;
  return (
    <Page
      title="打印中心"
      testId="screen-print"
      extra={
        <Button icon={<SnippetsOutlined />} onClick={() => setBatchOpen(true)} data-testid="batch-print">
          批量打印
        </Button>
      }
    >
      <Table<Printable>
        rowKey={(r) => `${r.formKind}:${r.number ?? ''}`}
        dataSource={list.data}
        size="middle"
        pagination={{ pageSize: 8, showSizeChanger: false }}
        columns={[
          { title: '表单', dataIndex: 'title', ellipsis: true },
          { title: '编号', dataIndex: 'number', width: 210, render: (n: string | null) => n ?? '—' },
          { title: '签发日期', dataIndex: 'issuedOn', width: 110, render: (d: string | null) => d ?? '—' },
          {
            title: '已打印',
            dataIndex: 'printedTimes',
            width: 90,
            render: (n: number, r) =>
              n > 0 ? (
                <Tooltip title={r.number ? '再次打印将标注“补打”及日期' : undefined}>
                  <Tag>{n} 次</Tag>
                </Tooltip>
              ) : (
                '未打印'
              ),
          },
          {
            title: '操作',
            width: 300,
            render: (_, r) => (
              <Space size={4}>
                <Button size="small" icon={<EyeOutlined />} onClick={() => void open(r)}>
                  预览
                </Button>
                <Button size="small" icon={<PrinterOutlined />} onClick={() => print(r)} data-testid="print-row">
                  打印
                </Button>
                <Button size="small" icon={<FilePdfOutlined />} onClick={() => void savePdf(r)}>
                  另存为PDF
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        打印记录
      </Typography.Title>
      <Table<PrintRecord>
        size="small"
        rowKey="id"
        dataSource={log.data ?? []}
        pagination={{ pageSize: 5, showSizeChanger: false }}
        columns={[
          { title: '时间', dataIndex: 'printedAt', width: 180, render: fmtInstant },
          { title: '表单', dataIndex: 'formKind', render: (k: string) => L.form[k] ?? '表单' },
          { title: '编号', dataIndex: 'formNumber', width: 210, render: (n: string | null) => n ?? '—' },
          { title: '份数', dataIndex: 'copies', width: 60 },
          {
            title: '补打',
            dataIndex: 'reprint',
            width: 200,
            render: (b: boolean, r) =>
              b ? (
                <span style={{ whiteSpace: 'nowrap' }}>
                  <Tag color="orange">补打</Tag>
                  {printDate(r.printedAt)}
                </span>
              ) : (
                ''
              ),
          },
          { title: '打印人', dataIndex: 'printedBy', width: 150, ellipsis: true },
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
            {preview && (
              <Button icon={<FilePdfOutlined />} onClick={() => void savePdf(preview.item)}>
                另存为PDF
              </Button>
            )}
            {!native && (
              <Space size={4}>
                份数
                <InputNumber min={1} max={99} value={copies} onChange={(v) => setCopies(v ?? 1)} style={{ width: 64 }} />
              </Space>
            )}
            <Button type="primary" icon={<PrinterOutlined />} onClick={() => (native && preview ? setPrinterFor(preview.item) : void browserPrint())} data-testid="preview-print">
              打印
            </Button>
          </Space>
        }
        styles={{ body: { height: '70vh' } }}
      >
        {preview && <iframe ref={frame} className="ebz-print-frame" title="打印预览" srcDoc={preview.html} sandbox="allow-modals allow-same-origin" />}
      </Modal>
      {printerFor && (
        <PrinterDialog
          item={printerFor}
          busy={busy}
          onCancel={() => setPrinterFor(null)}
          onPrint={async (o) => {
            setBusy(true);
            try {
              const rec = await api.call('print:toPrinter', { formKind: printerFor.formKind, number: printerFor.number, ...o });
              message.success(rec.reprint ? `已送打印机（补打 ${printDate(rec.printedAt)}）` : `已送打印机，共 ${rec.copies} 份`);
              setPrinterFor(null);
              refresh();
            } catch (e) {
              message.error(errorText(e));
            } finally {
              setBusy(false);
            }
          }}
        />
      )}
      {batchOpen && (
        <BatchDialog
          onClose={() => setBatchOpen(false)}
          onDone={() => {
            setBatchOpen(false);
            refresh();
          }}
        />
      )}
    </Page>
  );
}

/** Electron: which printer, how many copies, with or without the system dialog. */
function PrinterDialog({
  item,
  busy,
  onCancel,
  onPrint,
}: {
  item: Printable;
  busy: boolean;
  onCancel: () => void;
  onPrint: (o: { deviceName: string | null; copies: number; silent: boolean }) => Promise<void>;
}) {
  const printers = useApi('print:printers', {});
  const [form] = Form.useForm<{ deviceName: string | null; copies: number; silent: boolean }>();
  const def = printers.data?.printers.find((p) => p.isDefault)?.name ?? null;
  return (
    <Modal
      open
      title={`打印：${item.title}`}
      okText="打印"
      cancelText="取消"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => void form.validateFields().then((v) => onPrint({ deviceName: v.deviceName ?? null, copies: v.copies, silent: v.silent === true }))}
    >
      <Form form={form} layout="vertical" initialValues={{ deviceName: def, copies: 1, silent: false }} key={def ?? 'none'}>
        <Form.Item label="打印机" name="deviceName" extra={printers.data && printers.data.printers.length === 0 ? '本机没有安装打印机：请安装后重试，或另存为 PDF' : undefined}>
          <Select
            loading={!printers.data}
            allowClear
            placeholder="系统默认打印机"
            options={(printers.data?.printers ?? []).map((p) => ({ value: p.name, label: `${p.displayName}${p.isDefault ? '（默认）' : ''}` }))}
          />
        </Form.Item>
        <Form.Item label="份数" name="copies" rules={[{ required: true, type: 'integer', min: 1, max: 99, message: '份数应为 1–99' }]}>
          <InputNumber min={1} max={99} />
        </Form.Item>
        <Form.Item name="silent" valuePropName="checked">
          <Checkbox>直接打印，不显示打印对话框</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 批量打印: every enrollment or departure notice of one month, one PDF, each logged. */
function BatchDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [kind, setKind] = useState<NoticeKind>('enrollmentNotice');
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title="批量打印通知单"
      okText="生成 PDF"
      cancelText="取消"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        setBusy(true);
        try {
          const f = await api.call('print:batch', { month: month.format('YYYY-MM'), kind });
          download(f.fileName, f.mime, f.base64);
          message.success(`已生成 ${f.rows} 份${PRINT_FORM_TITLES[kind]}，并记入打印记录`);
          onDone();
        } catch (e) {
          message.error(errorText(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form layout="vertical">
        <Form.Item label="月份">
          <DatePicker picker="month" value={month} onChange={(d) => d && setMonth(d)} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'month')} />
        </Form.Item>
        <Form.Item label="通知单" extra="该月签发的每一份通知单各占一页，合成一个 PDF">
          <Select
            value={kind}
            onChange={setKind}
            options={NOTICE_KINDS.map((k) => ({ value: k, label: PRINT_FORM_TITLES[k] }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
