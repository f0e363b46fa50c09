/** 信息变更: corrections of recorded facts about a person or the unit, each with its old and new value. */
import { Button, Col, Form, Input, Row, Segmented, Select, type FormInstance } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { EDUCATIONS, type StaffMember, type Unit } from '../../domain/model';
import { useApi } from '../api/hooks';
import { L } from '../components/labels';
import { FormFrame } from './FormFrame';
import { StaffPicker } from './StaffPicker';

const STAFF_FIELDS: { key: keyof StaffMember; label: string }[] = [
  { key: 'name', label: '姓名' },
  { key: 'phone', label: '联系电话' },
  { key: 'position', label: '职务（岗位）' },
  { key: 'positionLevel', label: '职级（岗位等级）' },
  { key: 'education', label: '学历' },
  { key: 'politicalStatus', label: '政治面貌' },
  { key: 'ethnicity', label: '民族' },
];
const UNIT_FIELDS: { key: keyof Unit; label: string }[] = [
  { key: 'name', label: '单位名称' },
  { key: 'address', label: '地址' },
  { key: 'phone', label: '联系电话' },
  { key: 'functions', label: '主要职责' },
];

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
      {({ form, values, item }) => <ChangeFields form={form} values={values} item={item} unit={info.data?.unit ?? null} />}
    </FormFrame>
  );
}

function ChangeFields({ form, values, item, unit }: { form: FormInstance; values: Record<string, unknown>; item: (f: string) => object; unit: Unit | null }) {
  const isUnit = values.target === 'unit';
  const staff = useApi('staff:get', { id: String(values.targetId ?? '') }, { enabled: !isUnit && !!values.targetId });
  const fields = isUnit ? UNIT_FIELDS : STAFF_FIELDS;
  const current = (f: string): string => {
    const rec = (isUnit ? unit : staff.data?.staff) as Record<string, unknown> | null | undefined;
    const v = rec?.[f];
    return typeof v === 'string' ? v : '';
  };
  const shown = (f: string, v: string) => (f === 'education' && v ? (L.education[v as keyof typeof L.education] ?? v) : v);
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
                      <Input size="large" readOnly title={shown(f, current(f))} />
                    </Form.Item>
                  </Col>
                  <Col span={9}>
                    <Form.Item label={i === 0 ? '变更为' : undefined} name={[row.name, 'to']} {...item(`changes.${i}.to`)}>
                      {f === 'education' ? <Select size="large" options={EDUCATIONS.map((e) => ({ value: e, label: L.education[e] }))} /> : <Input size="large" maxLength={500} />}
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
