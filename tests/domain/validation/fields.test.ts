import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  validateDate,
  validateDocumentNo,
  validatePersonName,
  validatePhone,
  validateUnitName,
} from '../../../domain/validation/fields';
import type { Check } from '../../../domain/validation/result';

function expectRefused<T>(r: Check<T>, field: string, message: RegExp): void {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.field).toBe(field);
  expect(r.error).toMatch(message);
}

describe('validatePersonName', () => {
  it.each<[string, RegExp]>([
    ['', /姓名：不能为空/],
    ['张', /至少 2 个字，实际为 1 个字/],
    ['·阿旺', /间隔号“·”不能在姓名的开头或结尾/],
    ['阿旺·', /不能在姓名的开头或结尾/],
    ['阿沛··阿旺', /不能连续出现/],
    ['张3', /不允许的字符“3”/],
    ['张 三', /不允许的字符空格/],
    ['王Li', /不允许的字符“L”/],
    ['李'.repeat(31), /最多 30 个字符，实际为 31 个/],
  ])('refuses %j', (input, message) => expectRefused(validatePersonName(input), 'name', message));

  it('accepts Chinese, minority and Latin names', () => {
    expect(validatePersonName(' 张三 ')).toEqual({ ok: true, value: '张三', warnings: [] });
    expect(validatePersonName('阿沛·阿旺晋美').ok).toBe(true);
    expect(validatePersonName('John  Smith')).toEqual({ ok: true, value: 'John Smith', warnings: [] });
  });
  it('normalises look-alike dots to · with a warning', () => {
    const r = validatePersonName('买买提•艾力');
    expect(r.ok && r.value).toBe('买买提·艾力');
    expect(r.ok && r.warnings[0]).toMatch(/间隔号统一为“·”/);
    // Second call: a stateful (global) regex would skip the normalisation here.
    expect(validatePersonName('买买提•艾力').ok && validatePersonName('买买提・艾力').ok).toBe(true);
  });
  it('counts a rare supplementary-plane character as one', () => {
    expect(validatePersonName('𠮷').ok).toBe(false);
    expect(validatePersonName('𠮷野').ok).toBe(true);
  });
});

describe('validateDate', () => {
  it.each<[string, object, RegExp]>([
    ['2024-02-30', {}, /出生日期：2024年2月没有30日（该月只有 29 天）/],
    ['2023-02-29', {}, /2023年2月没有29日/],
    ['2024-13-01', {}, /月份 13 不存在/],
    ['2024/03/15', {}, /不是有效的日期格式，应为 YYYY-MM-DD/],
    ['', {}, /出生日期：不能为空/],
    ['2026-05-02', { notAfter: '2026-05-01' }, /2026-05-02 不能晚于 2026-05-01/],
    ['1899-12-31', { notBefore: '1900-01-01' }, /不能早于 1900-01-01/],
  ])('refuses %j', (input, bounds, message) => expectRefused(validateDate(input, 'birthDate', bounds), 'birthDate', message));

  it('uses a custom label for unknown fields and accepts bounds inclusively', () => {
    expectRefused(validateDate('x', 'signedOn', { label: '签字日期' }), 'signedOn', /^签字日期：/);
    expect(validateDate('2026-05-01', 'date', { notAfter: '2026-05-01', notBefore: '2026-05-01' }).ok).toBe(true);
  });
  it('accepts every real date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        expect(validateDate(d.toISOString().slice(0, 10), 'date').ok).toBe(true);
      }),
    );
  });
});

describe('validatePhone', () => {
  it.each<[string, RegExp]>([
    ['', /联系电话：不能为空/],
    ['1380013800', /手机号应为 11 位/],
    ['12800138000', /手机号应为 11 位、以 13–19 开头/],
    ['86012345', /固定电话缺少区号/],
    ['0531-123456', /不是有效的电话号码/],
    ['abc', /不是有效的电话号码/],
  ])('refuses %j', (input, message) => expectRefused(validatePhone(input), 'phone', message));

  it.each<[string, string]>([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['010-12345678', '010-12345678'],
    ['0531-8601234', '0531-8601234'],
    ['(0531)86012345', '0531-86012345'],
    ['0531 86012345', '0531-86012345'],
    ['0531-86012345-123', '0531-86012345-123'],
    ['0531-86012345转8001', '0531-86012345-8001'],
  ])('accepts %j as %j', (input, value) => {
    expect(validatePhone(input)).toEqual({ ok: true, value, warnings: [] });
  });
});

describe('validateDocumentNo', () => {
  it.each<[string, RegExp]>([
    ['', /文号：不能为空/],
    ['某机编发2024年12号', /缺少用六角括号括起的四位年份/],
    ['某机编发〔24〕12号', /缺少用六角括号括起的四位年份/],
    ['某机编发〔2024〕12', /应以“号”结尾/],
    ['某机编发〔2024〕号', /年份后应为发文序号/],
    ['〔2024〕12号', /缺少发文机关代字/],
    ['某机编发〔1890〕12号', /年份 1890 不合理/],
    ['某机编发〔2024〕0号', /序号不能为 0/],
  ])('refuses %j', (input, message) => expectRefused(validateDocumentNo(input), 'documentNo', message));

  it('accepts the standard form without warnings', () => {
    expect(validateDocumentNo('某机编发〔2024〕12号')).toEqual({ ok: true, value: '某机编发〔2024〕12号', warnings: [] });
  });
  it.each([['某机编发[2024]12号'], ['某机编发［2024］12号'], ['某机编发【2024】12号'], ['某机编发（2024）12号']])(
    'accepts %j with 〔〕 and a warning',
    (input) => {
      const r = validateDocumentNo(input);
      expect(r.ok && r.value).toBe('某机编发〔2024〕12号');
      expect(r.ok && r.warnings.join()).toMatch(/已改为六角括号“〔〕”/);
    },
  );
  it('warns about 第 and leading zeros, which GB/T 9704 does not use', () => {
    const r = validateDocumentNo('某机编发〔2024〕第012号');
    expect(r.ok && r.warnings).toEqual([expect.stringMatching(/不加“第”字/), expect.stringMatching(/不编虚位/)]);
  });
});

describe('validateUnitName', () => {
  it.each<[string, RegExp]>([
    ['', /单位名称：不能为空/],
    ['局', /至少 2 个字/],
    ['某'.repeat(61), /最多 60 个字，实际为 61 个字/],
  ])('refuses %j', (input, message) => expectRefused(validateUnitName(input), 'unitName', message));
  it('accepts 2 and 60 characters, trimmed', () => {
    expect(validateUnitName(' 某市财政局 ')).toEqual({ ok: true, value: '某市财政局', warnings: [] });
    expect(validateUnitName('某'.repeat(60)).ok).toBe(true);
    expect(validateUnitName('某局').ok).toBe(true);
  });
});
