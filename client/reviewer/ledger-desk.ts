/**
 * 台账管理 for the reviewer: the unit's ledger live from the server (with the attached scans), its
 * divisions and history from the replica, and every change sent to the server; after a change the
 * replica is pulled so the lists show it at once.
 */
import type { Store } from '../../db/index';
import type { LedgerEntryView, RecordLedgerBody } from '../../domain/api/reviewer-ledger';
import type { ExportFile } from '../../domain/contract/views';
import type { LedgerRow, UnitLedger } from '../../domain/contract/reviewer-ledger';
import { ApiError } from '../../domain/contract/errors';
import { POST_KEYS } from '../../domain/posts';
import type { ServerConnection } from '../connection';

export interface LedgerDeskDeps {
  session: ServerConnection;
  store: Store;
  refresh: () => Promise<void>;
}

export class LedgerDesk {
  constructor(private readonly d: LedgerDeskDeps) {}

  units() {
    return this.d.store.units
      .listAll()
      .map((u) => ({ id: u.id, name: u.name, supervisorUnitId: u.supervisorUnitId, abolished: u.abolished, bianbanId: u.bianbanId }))
      .sort((a, b) => Number(a.abolished) - Number(b.abolished) || a.name.localeCompare(b.name, 'zh-CN'));
  }

  async unitLedger(unitId: string): Promise<UnitLedger> {
    const u = this.d.store.units.get(unitId);
    if (!u) throw new ApiError('NOT_FOUND', '本机数据中没有该单位：请先同步');
    const entries = await this.d.session.call('ledgerList', { params: { id: unitId } });
    const approved: Record<string, number> = Object.fromEntries(POST_KEYS.map((k) => [k, 0]));
    for (const e of entries) for (const [k, v] of Object.entries(e.postDeltas)) approved[k] = (approved[k] ?? 0) + v;
    const sup = u.supervisorUnitId ? this.d.store.units.get(u.supervisorUnitId) : null;
    return {
      unit: { id: u.id, name: u.name, creditCode: u.creditCode, kind: u.kind, rank: u.rank, fundingForm: u.fundingForm, supervisorName: sup?.name ?? '', abolished: u.abolished, staffCount: this.d.store.staff.listByUnit(u.id).length },
      entries: entries.map(row).reverse(),
      approved,
      divisions: this.d.store.units.listDivisions(u.id).map((x) => ({ id: x.id, name: x.name, abolished: x.abolished })),
      history: [...u.history].reverse(),
    };
  }

  async record(req: { unitId: string } & RecordLedgerBody): Promise<LedgerRow> {
    const { unitId, ...body } = req;
    const e = await this.d.session.call('ledgerRecord', { params: { id: unitId }, body });
    await this.refreshQuietly();
    return row(e);
  }

  async document(entryId: string): Promise<ExportFile> {
    const r = await this.d.session.call('ledgerDocument', { params: { id: entryId } });
    const disp = String(r.headers['content-disposition'] ?? '');
    const m = /filename\*=UTF-8''([^;]+)/.exec(disp);
    return { fileName: m ? decodeURIComponent(m[1]!) : `${entryId}.pdf`, mime: 'application/pdf', base64: Buffer.from(r.bytes).toString('base64'), rows: 1 };
  }

  /** A unit or division change sent to the server (by the caller's typed call); the replica is pulled after it. */
  async changed<T>(call: Promise<T>): Promise<T> {
    const r = await call;
    await this.refreshQuietly();
    return r;
  }

  /** The change is on the server already; a failed pull only delays the lists. */
  private async refreshQuietly(): Promise<void> {
    await this.d.refresh().catch(() => undefined);
  }
}

function row(e: LedgerEntryView): LedgerRow {
  return { id: e.id, documentNo: e.documentNo, date: e.date, issuer: e.issuer, postDeltas: e.postDeltas, leaderDeltas: e.leaderDeltas, note: e.note, document: e.document };
}
