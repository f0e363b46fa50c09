import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostUseSlip, Notice } from '../../domain/forms';
import type { Bianban, DepartedStaffMember, Division, LedgerEntry, StaffMember, Unit } from '../../domain/model';
import type { BusinessRequest } from '../../domain/requests';

/** A fresh directory per test file; `cleanup` removes it. */
export function tempDir(): { dir: string; file: (name?: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ebz-db-'));
  let n = 0;
  return {
    dir,
    file: (name) => join(dir, name ?? `replica-${++n}.sqlite`),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643-1999 ID number with a correct check character. */
export function idNumber(region: string, birth: string, seq: number): string {
  const body = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i]!, 0);
  return body + CHECK[sum % 11];
}

export const bianban: Bianban = {
  id: 'bb-370900',
  name: '泰安市机构编制委员会办公室',
  level: 'city',
  parentId: null,
  regionCode: '370900',
  shortName: '泰机编',
};

export function unit(id: string, over: Partial<Unit> = {}): Unit {
  return {
    id,
    name: `单位${id}`,
    creditCode: '11370900MB0000000X',
    kind: 'organ',
    rank: 'divisionFull',
    fundingForm: 'full',
    bianbanId: bianban.id,
    supervisorUnitId: null,
    functions: '负责全市教育工作。',
    powerList: ['行政许可：民办学校设立审批', '行政检查：教育督导'],
    address: '泰安市泰山区东岳大街 1 号',
    phone: '0538-8000000',
    establishedOn: '1983-05-01',
    history: [{ date: '1983-05-01', text: '设立' }],
    abolished: false,
    ...over,
  };
}

export function division(id: string, unitId: string): Division {
  return { id, unitId, name: `科室${id}`, abolished: false };
}

export function ledgerEntry(id: string, unitId: string, over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id,
    unitId,
    documentNo: `泰机编发〔2024〕${id}号`,
    date: '2024-03-01',
    issuer: '泰安市机构编制委员会办公室',
    postDeltas: { administrative: 20, 'institutional:full': 5 },
    leaderDeltas: { unitHead: 1, unitDeputy: 3 },
    note: '',
    ...over,
  };
}

export function staff(id: string, unitId: string, name: string, over: Partial<StaffMember> = {}): StaffMember {
  return {
    id,
    unitId,
    divisionId: null,
    name,
    idNumber: idNumber('370902', '1985-06-15', Number(id.replace(/\D/g, '') || 1) % 1000),
    sex: 'female',
    birthDate: '1985-06-15',
    ethnicity: '汉族',
    education: 'bachelor',
    politicalStatus: '中共党员',
    postKey: 'administrative',
    position: '科员',
    positionLevel: '一级科员',
    leaderKind: null,
    retirementCategory: 'female-55',
    enrolledOn: '2008-08-01',
    entryChannel: 'civilServiceExam',
    slipNumber: null,
    slotNo: null,
    phone: '13800000000',
    leftOn: null,
    ...over,
  };
}

export function departed(id: string, unitId: string, name: string): DepartedStaffMember {
  return {
    ...staff(id, unitId, name, { leftOn: '2025-01-31' }),
    departedOn: '2025-01-31',
    reason: 'retirement',
    departureNoticeNumber: '泰机编出〔2025〕0003号',
  };
}

export function postUseRequest(id: string, unitId: string): BusinessRequest<'postUse'> {
  return {
    id,
    kind: 'postUse',
    unitId,
    state: 'bianbanReview',
    payload: { postKey: 'administrative', count: 2, recruitChannel: 'civilServiceExam', reason: '补充执法力量' },
    createdAt: '2025-03-01T08:00:00.000Z',
    submittedAt: '2025-03-01T08:05:00.000Z',
    trail: [
      {
        at: '2025-03-01T08:05:00.000Z',
        event: 'submit',
        from: 'draft',
        to: 'submitted',
        actor: '0a1b',
        actorName: '张三',
        comment: '',
      },
    ],
  };
}

export function slip(number: string, unitId: string, requestId: string): PostUseSlip {
  return {
    number,
    requestId,
    unitId,
    bianbanId: bianban.id,
    postKey: 'administrative',
    fundingForm: null,
    recruitChannel: 'civilServiceExam',
    count: 2,
    issuedOn: '2025-03-10',
    validUntil: '2026-03-09',
    atApproval: { approved: 20, occupied: 15, reserved: 0, vacant: 5 },
    slots: [
      { slotNo: 1, staffId: 's-1', staffName: '王芳', usedOn: '2025-06-01' },
      { slotNo: 2, staffId: null, staffName: null, usedOn: null },
    ],
    status: 'active',
    opinion: '同意使用行政编制 2 名。',
  };
}

export function notice(number: string, unitId: string, staffId: string): Notice {
  return {
    number,
    kind: 'enrollmentNotice',
    requestId: 'req-2',
    unitId,
    staffId,
    issuedOn: '2025-06-01',
    slipNumber: '泰机编用〔2025〕0012号',
    slotNo: 1,
  };
}
