/** Picks a person of the unit by typing part of a name or ID number. */
import { useState } from 'react';
import { Select } from 'antd';
import { useApi } from '../api/hooks';
import { L } from '../components/labels';

export function StaffPicker({ id, value, onChange, initialLabel }: { id?: string; value?: string; onChange?: (v: string) => void; initialLabel?: string }) {
  const [text, setText] = useState('');
  const q = useApi('staff:search', { text: text || '', limit: 30 }, { enabled: text.trim().length > 0 });
  const current = useApi('staff:get', { id: value ?? '' }, { enabled: !!value && text === '' });
  const options = (q.data ?? []).map((s) => ({ value: s.id, label: `${s.name}\u3000${s.idNumberMasked}\u3000${s.unitName}\u3000${L.post[s.postKey]}` }));
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: current.data ? `${current.data.staff.name}\u3000${current.data.unitName}` : (initialLabel ?? '已选择的人员') });
  }
  return (
    <Select
      id={id}
      size="large"
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder="输入姓名或身份证号查找本单位人员"
      notFoundContent={text ? '没有找到' : '请输入姓名'}
      options={options}
      data-testid="staff-picker"
    />
  );
}
