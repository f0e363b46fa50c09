/**
 * What every request form shares: live errors, touched fields, draft save / load, submit with the
 * server-side field error put back under its field. Opened with `?resubmit=ID` it edits a returned
 * request instead: loads its content, and submitting re-signs it under the same id (requests:resubmit).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, App, Button, Form, Space, type FormInstance } from 'antd';
import { SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '../../domain/contract/errors';
import type { RequestKind } from '../../domain/requests';
import { api } from '../api/api';
import { errorText } from '../app/errors';
import { navigate, useRoute } from '../app/router';
import { fieldState, pathOf, useLiveCheck } from './live-check';

export interface FormCtx {
  form: FormInstance;
  values: Record<string, unknown>;
  item: (field: string) => { validateStatus?: 'error'; help?: ReactNode };
}

interface Props {
  kind: RequestKind;
  draftId?: string;
  initial: Record<string, unknown>;
  /** Form values → request payload (dates to strings, numbers, nulls). */
  toPayload: (values: Record<string, unknown>) => Record<string, unknown>;
  fromPayload?: (payload: Record<string, unknown>) => Record<string, unknown>;
  children: (ctx: FormCtx) => ReactNode;
}

export function FormFrame({ kind, draftId, initial, toPayload, fromPayload = (p) => p, children }: Props) {
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [values, setValues] = useState<Record<string, unknown>>(initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<{ field: string; message: string } | null>(null);
  const [currentDraft, setCurrentDraft] = useState<string | undefined>(draftId);
  const [busy, setBusy] = useState(false);
  const resubmitId = useRoute().query.get('resubmit') ?? undefined;
  const [returnedComment, setReturnedComment] = useState<string | null>(null);
  const payload = toPayload(values);
  const errors = useLiveCheck(kind, payload);
  const merged = serverError && !errors[serverError.field] ? { ...errors, [serverError.field]: serverError.message } : errors;

  useEffect(() => {
    if (!draftId) return;
    void api.call('requests:drafts', {}).then((drafts) => {
      const d = drafts.find((x) => x.id === draftId);
      if (d) {
        const v = { ...initial, ...fromPayload((d.payload ?? {}) as Record<string, unknown>) };
        form.setFieldsValue(v);
        setValues(v);
      }
    });
    // Loaded once per draft; the form owns its values afterwards.
  }, [draftId]);

  useEffect(() => {
    if (!resubmitId) return;
    void api
      .call('requests:get', { id: resubmitId })
      .then((r) => {
        const v = { ...initial, ...fromPayload((r.payload ?? {}) as Record<string, unknown>) };
        form.setFieldsValue(v);
        setValues(v);
        setReturnedComment([...r.trail].reverse().find((t) => t.to === 'returned')?.comment ?? '');
      })
      .catch((e) => message.error(errorText(e)));
  }, [resubmitId]);

  async function saveDraft() {
    try {
      const d = await api.call('requests:saveDraft', { ...(currentDraft ? { id: currentDraft } : {}), kind, payload });
      setCurrentDraft(d.id);
      void qc.invalidateQueries({ queryKey: ['requests:drafts'] });
      message.success('草稿已保存在本机');
    } catch (e) {
      message.error(errorText(e));
    }
  }

  async function submit() {
    setSubmitted(true);
    setServerError(null);
    // The live errors may lag the last keystroke: check what is on the form now.
    const fresh = await api.call('requests:check', { kind, payload: toPayload(form.getFieldsValue(true) as Record<string, unknown>) }).catch(() => null);
    const first = fresh?.errors[0];
    if (first) {
      message.error(first.message);
      form.scrollToField(first.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)));
      return;
    }
    const ok = await modal.confirm({
      title: resubmitId ? '确认重新提交' : '确认提交',
      content: resubmitId
        ? '将用电子编制管理证对修改后的内容重新签名，以原申报编号重新提交编办审核（需联网）。确认提交吗？'
        : '提交时将用电子编制管理证对申报内容签名，提交后不能修改。确认提交吗？',
      okText: '签名并提交',
      cancelText: '再看看',
    });
    if (!ok) return;
    setBusy(true);
    try {
      if (resubmitId) {
        const r = await api.call('requests:resubmit', { id: resubmitId, payload: toPayload(form.getFieldsValue(true) as Record<string, unknown>) });
        message.success(`已重新签名提交：${r.title}`);
        void qc.invalidateQueries();
        navigate('/requests');
        return;
      }
      const r = await api.call('requests:submit', { kind, payload: toPayload(form.getFieldsValue(true) as Record<string, unknown>), ...(currentDraft ? { draftId: currentDraft } : {}) } as never);
      message.success(`已签名提交：${r.title}。${r.localState === 'waitingUpload' ? '联网后将自动上传到编办。' : ''}`);
      void qc.invalidateQueries();
      navigate('/requests');
    } catch (e) {
      const err = e as ApiError;
      if (err.field) setServerError({ field: err.field, message: err.message });
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onValuesChange={(_, all) => {
        setValues(all);
        setServerError(null);
      }}
      onFieldsChange={(changed) => {
        const next = new Set(touched);
        for (const c of changed) if (c.touched) next.add(pathOf(c.name as (string | number)[]));
        if (next.size !== touched.size) setTouched(next);
      }}
      style={{ maxWidth: 900 }}
      data-testid={`form-${kind}`}
    >
      {resubmitId && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="正在修改被退回的申报"
          description={`退回意见：${returnedComment || '（无）'}。按意见修改后点“签名并提交”，将以原申报编号重新提交。`}
          data-testid="resubmit-banner"
        />
      )}
      {children({ form, values, item: (f) => fieldState(merged, touched, submitted, f) })}
      <Space size="large" style={{ marginTop: 8 }}>
        <Button type="primary" size="large" icon={<SendOutlined />} onClick={() => void submit()} loading={busy} data-testid="submit">
          签名并提交
        </Button>
        {!resubmitId && (
          <Button size="large" icon={<SaveOutlined />} onClick={() => void saveDraft()}>
            保存草稿
          </Button>
        )}
      </Space>
    </Form>
  );
}
