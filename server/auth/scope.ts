/**
 * What a principal may see and act on. Unit officer: its own unit, plus its subordinate institutions
 * when it is a supervising department. Reviewer: every unit of its bianban and of the bianbans below.
 */
import type { Queryable } from '../db/database';
import { forbidden, notFound } from '../http/errors';
import type { Principal } from '../../domain/api/auth';
import { findUnitRef, jurisdiction, type UnitRef } from '../repositories/scope-repository';

// Route files import these from here.
export { findUnitRef, jurisdiction, type UnitRef } from '../repositories/scope-repository';

export async function canSeeUnit(q: Queryable, p: Principal, unit: UnitRef): Promise<boolean> {
  if (p.role === 'unit') return unit.id === p.unitId || unit.supervisorUnitId === p.unitId;
  if (!p.bianbanId) return false;
  if (unit.bianbanId === p.bianbanId) return true;
  return (await jurisdiction(q, p.bianbanId)).includes(unit.bianbanId);
}

/** 404 for a unit that does not exist, 403 for one outside the principal's scope. */
export async function requireUnitAccess(q: Queryable, p: Principal, unitId: string): Promise<UnitRef> {
  const unit = await findUnitRef(q, unitId);
  if (!unit) throw notFound(`单位不存在：${unitId}`);
  if (!(await canSeeUnit(q, p, unit))) throw forbidden('无权访问该单位的数据：只能查看本单位及所属单位（编办人员为本辖区）');
  return unit;
}

export async function requireBianbanAccess(q: Queryable, p: Principal, bianbanId: string): Promise<void> {
  if (p.role !== 'reviewer' || !p.bianbanId) throw forbidden('只有编办审核人员可以办理此项');
  if (!(await jurisdiction(q, p.bianbanId)).includes(bianbanId)) throw forbidden('该编办不在您的管辖范围内');
}

export function requireReviewer(p: Principal): asserts p is Principal & { bianbanId: string } {
  if (p.role !== 'reviewer' || !p.bianbanId) throw forbidden('只有编办审核人员可以办理此项');
}
