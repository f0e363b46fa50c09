/** 信息变更: corrections of recorded facts about a person or the unit, each with its old and new value. */
import { Button, Col, Form, Input, Row, Segmented, Select, type FormInstance } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { changeableFields } from '../../domain/change-fields';
import { EDUCATIONS, type Unit } from '../../domain/model';
import { LEADER_KINDS } from '../../domain/posts';
import { useApi } from '../api/hooks';
import { L } from '../components/labels';
import { FormFrame } from './FormFrame';
import { StaffPicker } from './StaffPicker';

/** The recorded value shown by its label (学历, 内设机构 and 领导职务 are stored as codes). */
function Shown({ value, show }: { value?: string; show: (v: string) => string }) {
  return <Input size="large" readOnly value={show(value ?? '')} title={show(value ?? '')} />;
}

export function ChangeForm({ draftId, staffId }: { draftId?: string; staffId?: string }) {
  const info = useApi('unit:info', {});
  return (
    <FormFrame
      kind="change"
      draftId={draftId}
      initial={{ target: 'staff', targetId: staffId, changes: [{ field: undefined, from: '', to: '' }], reason: '' }}
      toPayload={(v) => ({
        target: v.target,
        targetId: v.target === 'unit' ? info.data?.unit.id : v.targetId,
        changes: ((v.changes ?? []) as { field?: string; from?: string; to?: string }[]).map((c) => ({ field: c?.field ?? '', from: c?.from ?? '', to: c?.to ?? '' })),
        reason: v.reason ?? '',
      })}
    >
      {({ form, values, item }) => <ChangeFields form={form} values={values} item={item} unit={info.data?.unit ?? null} divisions={info.data?.divisions ?? []} />}
    </FormFrame>
  );
}

function ChangeFields({
  form,
  values,
  item,
  unit,
  divisions,
}: {
  form: FormInstance;
  values: Record<string, unknown>;
  item: (f: string) => object;
  unit: Unit | null;
  divisions: readonly { id: string; name: string }[];
}) {
  const isUnit = values.target === 'unit';
  const staff = useApi('staff:get', { id: String(values.targetId ?? '') }, { enabled: !isUnit && !!values.targetId });
  const fields = changeableFields(isUnit ? 'unit' : 'staff');
  const current = (f: string): string => {
    const rec = (isUnit ? unit : staff.data?.staff) as Record<string, unknown> | null | undefined;
    const v = rec?.[f];
    return typeof v === 'string' ? v : '';
  };
  const shown = (f: string, v: string): string => {
    if (isUnit) return v;
    if (f === 'education' && v) return L.education[v as keyof typeof L.education] ?? v;
    if (f === 'divisionId') return v ? (divisions.find((d) => d.id === v)?.name ?? v) : '（未分内设机构）';
    if (f === 'leaderKind') return v ? (L.leader[v as keyof typeof L.leader] ?? v) : '（无领导职务）';
    return v;
  };
  const choices = (f: string): { value: string; label: string }[] | null => {
    if (isUnit) return null;
    if (f === 'education') return EDUCATIONS.map((e) => ({ value: e, label: L.education[e] }));
    // No empty choice: the change check (domain/contract/request-checks.ts) requires a new value.
    if (f === 'divisionId') return divisions.map((d) => ({ value: d.id, label: d.name }));
    if (f === 'leaderKind') return LEADER_KINDS.map((k) => ({ value: k, label: L.leader[k] }));
    return null;
  };
  return (
    <>
      <Form.Item label="变更对象" name="target">
        <Segmented size="large" options={[{ value: 'staff', label: '人员信息' }, { value: 'unit', label: '本单位信息' }]} onChange={() => form.setFieldValue('changes', [{ field: undefined, from: '', to: '' }])} />
      </Form.Item>
      {!isUnit && (
        <Form.Item label="变更人员" name="targetId" required {...item('targetId')}>
          <StaffPicker />
        </Form.Item>
      )}
      <Form.List name="changes">
        {(rows, { add, remove }) => (
          <>
            {rows.map((row, i) => {
              const f = String(((values.changes as { field?: string }[] | undefined)?.[i]?.field) ?? '');
              return (
                <Row gutter={12} key={row.key} align="top">
                  <Col span={6}>
                    <Form.Item label={i === 0 ? '变更项目' : undefined} name={[row.name, 'field']} {...item(`changes.${i}.field`)}>
                      <Select
                        size="large"
                        placeholder="请选择"
                        options={fields.map((x) => ({ value: x.key, label: x.label }))}
                        onChange={(v: string) => form.setFieldValue(['changes', row.name, 'from'], current(v))}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={7}>
                    <Form.Item label={i === 0 ? '原内容' : undefined} name={[row.name, 'from']}>
                      <Shown show={(v) => shown(f, v)} />
                    </Form.Item>
                  </Col>
                  <Col span={9}>
                    <Form.Item label={i === 0 ? '变更为' : undefined} name={[row.name, 'to']} {...item(`changes.${i}.to`)}>
                      {choices(f) ? <Select size="large" options={choices(f)!} /> : <Input size="large" maxLength={500} />}
                    </Form.Item>
                  </Col>
                  <Col span={2} style={{ paddingTop: i === 0 ? 38 : 6 }}>
                    {rows.length > 1 && <Button type="text" aria-label="删除这一项" icon={<MinusCircleOutlined />} onClick={() => remove(row.name)} />}
                  </Col>
                </Row>
              );
            })}
            {rows.length < 20 && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ field: undefined, from: '', to: '' })} style={{ marginBottom: 16 }}>
                再加一项
              </Button>
            )}
            <div {...item('changes')} />
          </>
        )}
      </Form.List>
      <Form.Item label="变更理由及依据" name="reason" required {...item('reason')}>
        <Input.TextArea rows={3} maxLength={2000} placeholder="如：身份证更换后姓名用字更正，依据 ××" />
      </Form.Item>
    </>
  );
}
