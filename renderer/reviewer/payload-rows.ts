/** A request's content as labelled Chinese rows for the reviewer (no raw codes on screen). */
import type { RequestKind } from '../../domain/requests';
import { L } from '../components/labels';

type Row = [string, string];
const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function payloadRows(kind: RequestKind, payload: unknown): Row[] {
  const p = (payload ?? {}) as Record<string, unknown>;
  switch (kind) {
    case 'postUse':
      return [
        ['编制类型', (L.post as Record<string, string>)[s(p.postKey)] ?? s(p.postKey)],
        ['申请数量', `${s(p.count)} 名`],
        ['补充渠道', (L.channel as Record<string, string>)[s(p.recruitChannel)] ?? s(p.recruitChannel)],
        ['申请理由', s(p.reason) || '（未填写）'],
      ];
    case 'enrollment': {
      const person = (p.person ?? {}) as Record<string, unknown>;
      return [
        ['姓名', s(person.name)],
        ['身份证号', s(person.idNumber)],
        ['性别', (L.sex as Record<string, string>)[s(person.sex)] ?? ''],
        ['出生日期', s(person.birthDate)],
        ['学历', (L.education as Record<string, string>)[s(person.education)] ?? ''],
        ['使用单', `${s(p.slipNumber)} 第 ${s(p.slotNo)} 号`],
        ['职务 / 职级', [s(p.position), s(p.positionLevel)].filter(Boolean).join(' / ') || '（未填写）'],
        ['入编日期', s(p.enrolledOn)],
      ];
    }
    case 'departure':
      return [
        ['出编原因', (L.departure as Record<string, string>)[s(p.reason)] ?? s(p.reason)],
        ['出编日期', s(p.departedOn)],
        ['说明', s(p.note) || '（无）'],
      ];
    case 'change': {
      const changes = Array.isArray(p.changes) ? (p.changes as { field: string; from: string; to: string }[]) : [];
      return [
        ['变更对象', p.target === 'unit' ? '单位信息' : '人员信息'],
        ...changes.map((c): Row => [`变更（${c.field}）`, `${c.from || '（空）'} → ${c.to || '（空）'}`]),
        ['变更理由', s(p.reason) || '（未填写）'],
      ];
    }
  }
}
