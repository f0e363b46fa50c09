import { describe, expect, it } from 'vitest';
import { FORM_KINDS as DOMAIN_FORM_KINDS } from '../../domain/forms';
import {
  FORM_KINDS,
  formOfCliName,
  isFormKind,
  NOTICE_KINDS,
  PRINT_FORM_TITLES,
  PRINT_FORMS,
  PRINTABLE_FORMS,
} from '../../domain/forms/printable-forms';
import { PrintFormKindSchema } from '../../domain/contract/views';
import { BatchRequestSchema } from '../../domain/contract/photo-print-views';
import { Value } from '@sinclair/typebox/value';

describe('the printable forms table', () => {
  it('gives every form one title and one CLI name, none shared', () => {
    const titles = PRINT_FORMS.map((f) => PRINT_FORM_TITLES[f]);
    const names = PRINT_FORMS.flatMap((f) => [PRINTABLE_FORMS[f].cli, ...PRINTABLE_FORMS[f].cliAliases]);
    expect(new Set(titles).size).toBe(PRINT_FORMS.length);
    expect(new Set(names).size).toBe(names.length);
    expect(PRINT_FORM_TITLES.departureNotice).toBe('机关事业单位出编（核销）通知单');
  });

  it('finds each form by its CLI name and nothing by an unknown one', () => {
    for (const f of PRINT_FORMS) expect(formOfCliName(PRINTABLE_FORMS[f].cli)).toBe(f);
    expect(formOfCliName('departure')).toBeNull();
  });

  it('derives the sealed kinds and the notices, in print-centre order', () => {
    expect(FORM_KINDS).toEqual(['postUseSlip', 'enrollmentNotice', 'departureNotice']);
    expect(DOMAIN_FORM_KINDS).toBe(FORM_KINDS);
    expect(NOTICE_KINDS).toEqual(['enrollmentNotice', 'departureNotice']);
    expect(NOTICE_KINDS.every((k) => isFormKind(k) && PRINTABLE_FORMS[k].printedFrom === 'formNumber')).toBe(true);
    expect(PRINT_FORMS.filter((f) => !isFormKind(f)).every((f) => PRINTABLE_FORMS[f].printedFrom === 'unit')).toBe(true);
  });

  it('is what the contract accepts', () => {
    for (const f of PRINT_FORMS) expect(Value.Check(PrintFormKindSchema, f)).toBe(true);
    expect(Value.Check(PrintFormKindSchema, 'publicity')).toBe(false);
    expect(Value.Check(BatchRequestSchema, { month: '2026-03', kind: 'departureNotice' })).toBe(true);
    expect(Value.Check(BatchRequestSchema, { month: '2026-03', kind: 'postUseSlip' })).toBe(false);
  });
});
