/**
 * 台账管理 for the reviewer: the unit's ledger live from the server (with the attached scans), its
 * divisions and history from the replica, and every change sent to the server; after a change the
 * replica is pulled so the lists show it at once.
 */
import type { Store } from '../../db/index';
import type { LedgerEntryView, UnitChangeResponse } from '../../domain/api/reviewer-ledger';
import { ledgerDocumentPath } from '../../domain/api/reviewer-ledger';
import type { ExportFile } from '../../domain/contract/views';
import type { LedgerRow, UnitLedger } from '../../domain/contract/reviewer-ledger';
import { ApiError } from '../../domain/contract/errors';
import { POST_KEYS } from '../../domain/posts';
import { getBytes } from './http-bytes';
import type { ServerSession } from './reviewer-session';

export interface LedgerDeskDeps {
  session: ServerSession;
  store: Store;
  refresh: () => Promise<void>;
}

const enc = encodeURIComponent;

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
    const entries = await this.d.session.call<LedgerEntryView[]>('GET', `/api/v1/reviewer/units/${enc(unitId)}/ledger`);
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

  async record(req: { unitId: string } & Record<string, unknown>): Promise<LedgerRow> {
    const { unitId, ...body } = req;
    const e = await this.d.session.call<LedgerEntryView>('POST', `/api/v1/reviewer/units/${enc(unitId)}/ledger`, body);
    await this.refreshQuietly();
    return row(e);
  }

  async document(entryId: string): Promise<ExportFile> {
    const r = await this.d.session.withToken((http, token) => getBytes(http, ledgerDocumentPath(entryId), token));
    const disp = String(r.headers['content-disposition'] ?? '');
    const m = /filename\*=UTF-8''([^;]+)/.exec(disp);
    return { fileName: m ? decodeURIComponent(m[1]!) : `${entryId}.pdf`, mime: 'application/pdf', base64: r.bytes.toString('base64'), rows: 1 };
  }

  async unitChange(path: string, body: unknown): Promise<UnitChangeResponse> {
    const r = await this.d.session.call<UnitChangeResponse>('POST', path, body);
    await this.refreshQuietly();
    return r;
  }

  async divisionChange(path: string, body: unknown): Promise<{ id: string; name: string }> {
    const r = await this.d.session.call<{ id: string; name: string }>('POST', path, body);
    await this.refreshQuietly();
    return { id: r.id, name: r.name };
  }

  /** The change is on the server already; a failed pull only delays the lists. */
  private async refreshQuietly(): Promise<void> {
    await this.d.refresh().catch(() => undefined);
  }
}

function row(e: LedgerEntryView): LedgerRow {
  return { id: e.id, documentNo: e.documentNo, date: e.date, issuer: e.issuer, postDeltas: e.postDeltas, leaderDeltas: e.leaderDeltas, note: e.note, document: e.document };
}
