/**
 * Receiving signed requests from a unit's outbox. Idempotent on the client's UUID: the same id with the
 * same content answers the stored state; the same id with other content is refused (409). A request
 * that fails a check is not stored at all.
 */
import { canonicalJson } from '../../domain/crypto/canonical-json';
import { checkPostUse, ledgerSummary, slipIsLive } from '../../domain/ledger';
import { transition } from '../../domain/request-state';
import type { TrailEntry } from '../../domain/requests';
import { validateIdNumber } from '../../domain/validation/id-number';
import { Journal } from '../audit/journal';
import { sha256Hex } from '../audit/hash';
import { findCertificate } from '../auth/certificate-repository';
import { parseCertificate, verifyEnvelope } from '../auth/envelope';
import { findUnitRef } from '../auth/scope';
import { todayOf } from '../../domain/validation/calendar';
import type { AppDeps } from '../context';
import type { Queryable } from '../db/database';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../http/errors';
import { activePostOf, getSlip, getStaff, getUnit, ledgerInput } from '../repositories/record-repository';
import { findRequest, insertRequest, toReplica, type StoredRequest } from '../repositories/request-repository';
import type { Principal } from '../../domain/api/auth';
import type { PushResult, SignedRequest } from '../../domain/api/requests';
import { changeableFields, isChangeableField } from '../../domain/change-fields';

export function signedContent(r: SignedRequest) {
  return { id: r.id, kind: r.kind, unitId: r.unitId, payload: r.payload, createdAt: r.createdAt };
}

export async function pushRequests(d: AppDeps, p: Principal, items: SignedRequest[]): Promise<PushResult[]> {
  const results: PushResult[] = [];
  for (const item of items) results.push(await pushOne(d, p, item));
  return results;
}

async function pushOne(d: AppDeps, p: Principal, item: SignedRequest): Promise<PushResult> {
  if (p.role !== 'unit' || p.unitId !== item.unitId) throw forbidden('只能以本单位名义提交业务申报：申报中的单位与登录证书的单位不一致');
  const content = signedContent(item);
  const digest = sha256Hex(canonicalJson(content));
  const existing = await findRequest(d.db, item.id);
  if (existing) return sameOrConflict(existing, digest);

  const binding = await checkRequestSignature(d, item);
  const unit = await findUnitRef(d.db, item.unitId);
  if (!unit) throw notFound(`单位不存在：${item.unitId}`);
  const now = d.now();
  await precheck(d.db, item, todayOf(now));

  try {
    return await d.db.transaction(async (tx) => {
      const j = new Journal(tx, d.now);
      const at = now.toISOString();
      const submitted = transition('draft', { type: 'submit' });
      const accepted = transition(submitted, { type: 'accept', hasSupervisor: unit.supervisorUnitId !== null });
      const trail: TrailEntry[] = [
        { at, event: 'submit', from: 'draft', to: submitted, actor: binding.serial, actorName: binding.holderName, comment: '' },
        { at, event: 'accept', from: submitted, to: accepted, actor: 'server', actorName: '系统', comment: '' },
      ];
      const stored: StoredRequest = {
        id: item.id,
        kind: item.kind,
        unitId: unit.id,
        unitName: unit.name,
        bianbanId: unit.bianbanId,
        supervisorUnitId: unit.supervisorUnitId,
        state: accepted,
        contentDigest: digest,
        content,
        signature: item.signature,
        submittedBy: binding.serial,
        trail,
        result: null,
        createdAt: item.createdAt,
        submittedAt: at,
      };
      await insertRequest(tx, stored, at);
      await j.audit({ actor: binding.serial, action: 'request.submit', entity: 'request', entityId: item.id, after: content, signature: item.signature, detail: { kind: item.kind, state: accepted } });
      await j.change({ entity: 'request', id: item.id, unitId: unit.id, bianbanId: unit.bianbanId, data: toReplica(stored) });
      return { id: item.id, status: 'accepted' as const, state: accepted };
    });
  } catch (e) {
    // Two pushes of the same id racing: the loser sees the winner's row.
    const again = await findRequest(d.db, item.id);
    if (again) return sameOrConflict(again, digest);
    throw e;
  }
}

/** The request's signature: by an unrevoked certificate bound to the same unit, over its canonical content. */
export async function checkRequestSignature(d: AppDeps, item: SignedRequest) {
  const binding = await findCertificate(d.db, item.signature.certSerial);
  if (!binding || binding.revokedAt || binding.role !== 'unit' || binding.unitId !== item.unitId) {
    throw badRequest('申报签名无效：签名证书不是本单位有效的电子编制管理证', 'signature');
  }
  const cert = parseCertificate(binding.pem);
  if (!cert || !(await verifyEnvelope(item.signature, signedContent(item), cert))) {
    throw badRequest('申报签名无效：签名与申报内容不符，内容可能在签名后被改动，请重新签名提交', 'signature');
  }
  return binding;
}

function sameOrConflict(existing: StoredRequest, digest: string): PushResult {
  if (existing.contentDigest !== digest) {
    throw conflict(`申报编号 ${existing.id} 已提交过且内容不同：同一申报提交后不能修改，请作为新申报重新提交`, 'id');
  }
  return { id: existing.id, status: 'duplicate', state: existing.state };
}

/** Checks against current records so obviously impossible requests never reach a reviewer. */
export async function precheck(q: Queryable, item: SignedRequest, today: string): Promise<void> {
  switch (item.kind) {
    case 'postUse': {
      const summary = ledgerSummary({ ...(await ledgerInput(q, item.unitId)), today });
      const err = checkPostUse(summary, item.payload.postKey, item.payload.count);
      if (err) throw unprocessable(err, 'payload.count');
      return;
    }
    case 'enrollment': {
      const pl = item.payload;
      const id = validateIdNumber(pl.person.idNumber, today);
      if (!id.ok) throw unprocessable(id.error, 'payload.person.idNumber');
      const slip = await getSlip(q, pl.slipNumber);
      if (!slip || slip.unitId !== item.unitId) throw unprocessable(`编制使用单 ${pl.slipNumber} 不存在或不属于本单位，请核对使用单编号`, 'payload.slipNumber');
      if (!slipIsLive(slip, today)) throw unprocessable(`编制使用单 ${pl.slipNumber} 已失效（已用完、已过期或已作废），不能据此入编`, 'payload.slipNumber');
      const slot = slip.slots.find((s) => s.slotNo === pl.slotNo);
      if (!slot) throw unprocessable(`编制使用单 ${pl.slipNumber} 没有第 ${pl.slotNo} 个用编序号（共 ${slip.count} 个）`, 'payload.slotNo');
      if (slot.staffId) throw conflict(`编制使用单 ${pl.slipNumber} 的第 ${pl.slotNo} 个用编序号已被使用，请选择其他序号`, 'payload.slotNo');
      if (await activePostOf(q, id.value.idNumber)) {
        throw conflict('该身份证号的人员已在编（一人一编）：须先办理原单位出编，才能在本单位入编', 'payload.person.idNumber');
      }
      return;
    }
    case 'departure': {
      const s = await getStaff(q, item.payload.staffId);
      if (!s || s.staff.unitId !== item.unitId) throw unprocessable('出编人员不在本单位实有人员中，请核对人员', 'payload.staffId');
      if (s.departed) throw conflict('该人员已出编，不能重复办理', 'payload.staffId');
      return;
    }
    case 'change': {
      const pl = item.payload;
      for (const c of pl.changes) {
        if (!isChangeableField(pl.target, c.field)) {
          throw unprocessable(`不能通过信息变更修改“${c.field}”：可变更的项目为 ${changeableFields(pl.target).map((f) => f.label).join('、')}`, 'payload.changes');
        }
      }
      if (pl.target === 'staff') {
        const s = await getStaff(q, pl.targetId);
        if (!s || s.departed || s.staff.unitId !== item.unitId) throw unprocessable('变更对象不在本单位实有人员中', 'payload.targetId');
      } else if (pl.targetId !== item.unitId || !(await getUnit(q, pl.targetId))) {
        throw forbidden('只能变更本单位的信息');
      }
      return;
    }
  }
}
