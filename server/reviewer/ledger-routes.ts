/**
 * 台账管理 routes (reviewer-only, jurisdiction-checked, audited in ledger-service.ts), plus the one route a
 * unit uses too: downloading the scanned approval document behind one of its ledger entries.
 */
import { requireUnitAccess } from '../auth/scope';
import type { AppDeps } from '../context';
import { notFound } from '../http/errors';
import type { RouteHandlers } from '../http/register-routes';
import { getLedgerDocument } from './ledger-repository';
import * as svc from './ledger-service';

type LedgerRoute = 'ledgerRecord' | 'ledgerList' | 'unitCreate' | 'unitRename' | 'unitMerge' | 'unitAbolish' | 'divisionCreate' | 'divisionRename' | 'divisionAbolish' | 'ledgerDocument';

export const ledgerHandlers = (deps: AppDeps): RouteHandlers<LedgerRoute> => ({
  ledgerRecord: async ({ principal, params, body }) => svc.recordLedger(deps, principal, params.id, body),
  ledgerList: async ({ principal, params }) => svc.listLedger(deps, principal, params.id),
  unitCreate: async ({ principal, body }) => svc.createUnit(deps, principal, body),
  unitRename: async ({ principal, params, body }) => svc.renameUnit(deps, principal, params.id, body),
  unitMerge: async ({ principal, params, body }) => svc.mergeUnit(deps, principal, params.id, body),
  unitAbolish: async ({ principal, params, body }) => svc.abolishUnit(deps, principal, params.id, body),
  divisionCreate: async ({ principal, params, body }) => svc.createDivision(deps, principal, params.id, body),
  divisionRename: async ({ principal, params, body }) => svc.renameDivision(deps, principal, params.id, body),
  divisionAbolish: async ({ principal, params, body }) => svc.abolishDivision(deps, principal, params.id, body),

  // The unit itself, its supervising department and the jurisdiction's reviewers may read the scan.
  ledgerDocument: async ({ principal, params, reply }) => {
    const doc = await getLedgerDocument(deps.db, params.id);
    if (!doc) throw notFound('该台账记录没有附批准文件扫描件');
    await requireUnitAccess(deps.db, principal, doc.unitId);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`)
      .header('x-content-sha256', doc.sha256)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(doc.bytes);
  },
});
