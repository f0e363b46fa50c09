/** 出编登记: who, why, when — due by the end of the month the person left. */
import { Alert, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { DEPARTURE_REASONS } from '../../domain/model';
import { L } from '../components/labels';
import { FormFrame } from './FormFrame';
import { StaffPicker } from './StaffPicker';

export function DepartureForm({ draftId, staffId }: { draftId?: string; staffId?: string }) {
  return (
    <FormFrame
      kind="departure"
      draftId={draftId}
      initial={{ staffId, note: '' }}
      toPayload={(v) => ({ staffId: v.staffId, reason: v.reason, departedOn: v.departedOn ? (v.departedOn as Dayjs).format('YYYY-MM-DD') : '', note: v.note ?? '' })}
      fromPayload={(p) => ({ ...p, departedOn: p.departedOn ? dayjs(String(p.departedOn)) : null })}
    >
      {({ item }) => (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title="人员离开本单位的，应在当月月底前办理出编登记。" />
          <Form.Item label="出编人员" name="staffId" required {...item('staffId')}>
            <StaffPicker />
          </Form.Item>
          <Form.Item label="出编原因" name="reason" required {...item('reason')}>
            <Select size="large" placeholder="请选择" options={DEPARTURE_REASONS.map((r) => ({ value: r, label: L.departure[r] }))} />
          </Form.Item>
          <Form.Item label="出编（离开）日期" name="departedOn" required {...item('departedOn')}>
            <DatePicker size="large" style={{ width: 240 }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item label="说明" name="note" {...item('note')}>
            <Input.TextArea rows={3} maxLength={2000} placeholder="如调出的去向单位、批准文件文号等" />
          </Form.Item>
        </>
      )}
    </FormFrame>
  );
}
