import type { Database } from 'better-sqlite3';
import type { Notice, PostUseSlip, SlipSlot, SlipStatus } from '../domain/forms';
import type { RecruitChannel } from '../domain/model';
import type { Funding, PostKey } from '../domain/posts';
import { fromJson, orNull, toJson } from './rows';

interface SlipRow {
  number: string;
  request_id: string;
  unit_id: string;
  bianban_id: string;
  post_key: string;
  funding_form: string | null;
  recruit_channel: string;
  count: number;
  issued_on: string;
  valid_until: string;
  at_approval: string;
  status: string;
  opinion: string;
}

interface SlotRow {
  slip_number: string;
  slot_no: number;
  staff_id: string | null;
  staff_name: string | null;
  used_on: string | null;
}

interface NoticeRow {
  number: string;
  kind: string;
  request_id: string;
  unit_id: string;
  staff_id: string;
  issued_on: string;
  slip_number: string | null;
  slot_no: number | null;
}

function toSlot(r: SlotRow): SlipSlot {
  return { slotNo: r.slot_no, staffId: r.staff_id, staffName: r.staff_name, usedOn: r.used_on };
}

function toSlip(r: SlipRow, slots: SlipSlot[]): PostUseSlip {
  return {
    number: r.number,
    requestId: r.request_id,
    unitId: r.unit_id,
    bianbanId: r.bianban_id,
    postKey: r.post_key as PostKey,
    fundingForm: r.funding_form as Funding | null,
    recruitChannel: r.recruit_channel as RecruitChannel,
    count: r.count,
    issuedOn: r.issued_on,
    validUntil: r.valid_until,
    atApproval: fromJson(r.at_approval),
    slots,
    status: r.status as SlipStatus,
    opinion: r.opinion,
  };
}

function toNotice(r: NoticeRow): Notice {
  return {
    number: r.number,
    kind: r.kind as Notice['kind'],
    requestId: r.request_id,
    unitId: r.unit_id,
    staffId: r.staff_id,
    issuedOn: r.issued_on,
    slipNumber: r.slip_number,
    slotNo: r.slot_no,
  };
}

function prepare(db: Database) {
  return {
    get: db.prepare('SELECT * FROM slips WHERE number = ?'),
    byUnit: db.prepare('SELECT * FROM slips WHERE unit_id = ? ORDER BY issued_on DESC, number DESC'),
    slots: db.prepare('SELECT * FROM slip_slots WHERE slip_number = ? ORDER BY slot_no'),
    slotsByUnit: db.prepare(`
      SELECT t.* FROM slip_slots t JOIN slips s ON s.number = t.slip_number WHERE s.unit_id = ?
      ORDER BY t.slip_number, t.slot_no`),
    upsert: db.prepare(`
      INSERT INTO slips (number, request_id, unit_id, bianban_id, post_key, funding_form, recruit_channel, count,
        issued_on, valid_until, at_approval, status, opinion)
      VALUES (@number, @requestId, @unitId, @bianbanId, @postKey, @fundingForm, @recruitChannel, @count,
        @issuedOn, @validUntil, @atApproval, @status, @opinion)
      ON CONFLICT (number) DO UPDATE SET request_id = excluded.request_id, unit_id = excluded.unit_id,
        bianban_id = excluded.bianban_id, post_key = excluded.post_key, funding_form = excluded.funding_form,
        recruit_channel = excluded.recruit_channel, count = excluded.count, issued_on = excluded.issued_on,
        valid_until = excluded.valid_until, at_approval = excluded.at_approval, status = excluded.status,
        opinion = excluded.opinion`),
    clearSlots: db.prepare('DELETE FROM slip_slots WHERE slip_number = ?'),
    insertSlot: db.prepare(`
      INSERT INTO slip_slots (slip_number, slot_no, staff_id, staff_name, used_on)
      VALUES (@slipNumber, @slotNo, @staffId, @staffName, @usedOn)`),
    delete: db.prepare('DELETE FROM slips WHERE number = ?'),

    getNotice: db.prepare('SELECT * FROM notices WHERE number = ?'),
    noticesByUnit: db.prepare('SELECT * FROM notices WHERE unit_id = ? ORDER BY issued_on DESC, number DESC'),
    upsertNotice: db.prepare(`
      INSERT INTO notices (number, kind, request_id, unit_id, staff_id, issued_on, slip_number, slot_no)
      VALUES (@number, @kind, @requestId, @unitId, @staffId, @issuedOn, @slipNumber, @slotNo)
      ON CONFLICT (number) DO UPDATE SET kind = excluded.kind, request_id = excluded.request_id,
        unit_id = excluded.unit_id, staff_id = excluded.staff_id, issued_on = excluded.issued_on,
        slip_number = excluded.slip_number, slot_no = excluded.slot_no`),
    deleteNotice: db.prepare('DELETE FROM notices WHERE number = ?'),
  };
}

/** Issued forms: 编制使用单 with their 用编序号 slots, and 入编/出编通知单. */
export class SlipRepository {
  private readonly s: ReturnType<typeof prepare>;

  constructor(private readonly db: Database) {
    this.s = prepare(db);
  }

  get(number: string): PostUseSlip | null {
    const r = this.s.get.get(number) as SlipRow | undefined;
    return r ? toSlip(r, (this.s.slots.all(number) as SlotRow[]).map(toSlot)) : null;
  }

  /** Newest first, each with its slots (two queries, not one per slip). */
  listByUnit(unitId: string): PostUseSlip[] {
    const slots = new Map<string, SlipSlot[]>();
    for (const t of this.s.slotsByUnit.all(unitId) as SlotRow[]) {
      const list = slots.get(t.slip_number) ?? [];
      list.push(toSlot(t));
      slots.set(t.slip_number, list);
    }
    return (this.s.byUnit.all(unitId) as SlipRow[]).map((r) => toSlip(r, slots.get(r.number) ?? []));
  }

  /** The slip row and its slots are replaced together: a slot the server dropped disappears here too. */
  upsert(slip: PostUseSlip): void {
    this.db.transaction(() => {
      this.s.upsert.run({
        number: slip.number,
        requestId: slip.requestId,
        unitId: slip.unitId,
        bianbanId: slip.bianbanId,
        postKey: slip.postKey,
        fundingForm: orNull(slip.fundingForm),
        recruitChannel: slip.recruitChannel,
        count: slip.count,
        issuedOn: slip.issuedOn,
        validUntil: slip.validUntil,
        atApproval: toJson(slip.atApproval),
        status: slip.status,
        opinion: slip.opinion,
      });
      this.s.clearSlots.run(slip.number);
      for (const t of slip.slots) {
        this.s.insertSlot.run({
          slipNumber: slip.number,
          slotNo: t.slotNo,
          staffId: orNull(t.staffId),
          staffName: orNull(t.staffName),
          usedOn: orNull(t.usedOn),
        });
      }
    })();
  }

  delete(number: string): void {
    this.s.delete.run(number);
  }

  getNotice(number: string): Notice | null {
    const r = this.s.getNotice.get(number) as NoticeRow | undefined;
    return r ? toNotice(r) : null;
  }

  listNoticesByUnit(unitId: string): Notice[] {
    return (this.s.noticesByUnit.all(unitId) as NoticeRow[]).map(toNotice);
  }

  upsertNotice(n: Notice): void {
    this.s.upsertNotice.run({
      number: n.number,
      kind: n.kind,
      requestId: n.requestId,
      unitId: n.unitId,
      staffId: n.staffId,
      issuedOn: n.issuedOn,
      slipNumber: orNull(n.slipNumber),
      slotNo: orNull(n.slotNo),
    });
  }

  deleteNotice(number: string): void {
    this.s.deleteNotice.run(number);
  }
}
