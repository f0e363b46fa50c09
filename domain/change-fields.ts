/**
 * 信息变更: the recorded facts a change request may correct, with the label the form and the messages
 * show. One list for the form (renderer), the client's checks and the server's precheck and approval.
 * Not listed, on purpose: the ID number, sex and birth date (identity: a wrong one is corrected by the
 * bianban, not by a request), the post type and enrollment facts (they follow from slips and notices),
 * and the unit's credit code, kind, rank and bianban (台账管理 by the bianban).
 */
import type { StaffMember, Unit } from './model';

export const STAFF_CHANGE_FIELD_LABELS = {
  name: '姓名',
  phone: '联系电话',
  position: '职务（岗位）',
  positionLevel: '职级（岗位等级）',
  divisionId: '内设机构',
  education: '学历',
  politicalStatus: '政治面貌',
  ethnicity: '民族',
  leaderKind: '领导职务',
} as const satisfies Partial<Record<keyof StaffMember, string>>;

export const UNIT_CHANGE_FIELD_LABELS = {
  name: '单位名称',
  address: '地址',
  phone: '联系电话',
  functions: '主要职责',
} as const satisfies Partial<Record<keyof Unit, string>>;

export type StaffChangeField = keyof typeof STAFF_CHANGE_FIELD_LABELS;
export type UnitChangeField = keyof typeof UNIT_CHANGE_FIELD_LABELS;
export type ChangeTarget = 'staff' | 'unit';

export const STAFF_CHANGE_FIELDS = Object.keys(STAFF_CHANGE_FIELD_LABELS) as readonly StaffChangeField[];
export const UNIT_CHANGE_FIELDS = Object.keys(UNIT_CHANGE_FIELD_LABELS) as readonly UnitChangeField[];

function labelsOf(target: ChangeTarget): Readonly<Record<string, string>> {
  return target === 'staff' ? STAFF_CHANGE_FIELD_LABELS : UNIT_CHANGE_FIELD_LABELS;
}

/** The fields a change request may name for this target, in form order, with their labels. */
export function changeableFields(target: ChangeTarget): readonly { key: string; label: string }[] {
  return Object.entries(labelsOf(target)).map(([key, label]) => ({ key, label }));
}

export function isChangeableField(target: ChangeTarget, field: string): boolean {
  return Object.hasOwn(labelsOf(target), field);
}

/** The field's label for messages; the key itself for a field that is not changeable. */
export function changeFieldLabel(target: ChangeTarget, field: string): string {
  return isChangeableField(target, field) ? labelsOf(target)[field]! : field;
}
