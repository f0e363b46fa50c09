/** 信息变更: one list of changeable fields, with labels, for the form, the client and the server. */
import { describe, expect, it } from 'vitest';
import { changeableFields, changeFieldLabel, isChangeableField, STAFF_CHANGE_FIELDS, UNIT_CHANGE_FIELDS, type ChangeTarget } from '../../domain/change-fields';

describe('changeable fields', () => {
  const refused: [ChangeTarget, string][] = [
    ['staff', 'idNumber'],
    ['staff', 'birthDate'],
    ['staff', 'sex'],
    ['staff', 'postKey'],
    ['staff', 'unitId'],
    ['staff', 'enrolledOn'],
    ['staff', 'functions'],
    ['staff', ''],
    ['staff', 'toString'],
    ['staff', '__proto__'],
    ['unit', 'creditCode'],
    ['unit', 'bianbanId'],
    ['unit', 'kind'],
    ['unit', 'abolished'],
    ['unit', 'position'],
  ];
  it.each(refused)('refuses %s.%s', (target, field) => {
    expect(isChangeableField(target, field)).toBe(false);
    expect(changeFieldLabel(target, field)).toBe(field);
  });

  const allowed: [ChangeTarget, string, string][] = [
    ['staff', 'name', '姓名'],
    ['staff', 'phone', '联系电话'],
    ['staff', 'position', '职务（岗位）'],
    ['staff', 'positionLevel', '职级（岗位等级）'],
    ['staff', 'divisionId', '内设机构'],
    ['staff', 'education', '学历'],
    ['staff', 'politicalStatus', '政治面貌'],
    ['staff', 'ethnicity', '民族'],
    ['staff', 'leaderKind', '领导职务'],
    ['unit', 'name', '单位名称'],
    ['unit', 'address', '地址'],
    ['unit', 'phone', '联系电话'],
    ['unit', 'functions', '主要职责'],
  ];
  it.each(allowed)('allows %s.%s, labelled %s', (target, field, label) => {
    expect(isChangeableField(target, field)).toBe(true);
    expect(changeFieldLabel(target, field)).toBe(label);
  });

  it('lists exactly these, in form order, for the form and the server alike', () => {
    expect(changeableFields('staff')).toEqual(allowed.filter(([t]) => t === 'staff').map(([, key, label]) => ({ key, label })));
    expect(changeableFields('unit')).toEqual(allowed.filter(([t]) => t === 'unit').map(([, key, label]) => ({ key, label })));
    expect(STAFF_CHANGE_FIELDS).toEqual(changeableFields('staff').map((f) => f.key));
    expect(UNIT_CHANGE_FIELDS).toEqual(changeableFields('unit').map((f) => f.key));
  });
});
