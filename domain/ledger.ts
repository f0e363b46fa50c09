/**
 * Ledger arithmetic (编制台账). Approved posts are never stored: they are the sum of the ledger's deltas.
 * Vacancy = approved − occupied − reserved, per post key; it goes negative only when the unit is over
 * establishment, which the alarm rules flag.
 */
import type { LedgerEntry, StaffMember } from './model';
import type { PostUseSlip, SlipStatus } from './forms';
import {
  LEADER_KINDS,
  POST_KEYS,
  POST_KEY_LABELS,
  zeroLeaderCounts,
  zeroPostCounts,
  type LeaderCounts,
  type PostCounts,
  type PostKey,
} from './posts';

export function approvedPosts(entries: readonly Pick<LedgerEntry, 'postDeltas'>[]): PostCounts {
  const out = zeroPostCounts();
  for (const e of entries) for (const k of POST_KEYS) out[k] += e.postDeltas[k] ?? 0;
  return out;
}

export function leaderQuota(entries: readonly Pick<LedgerEntry, 'leaderDeltas'>[]): LeaderCounts {
  const out = zeroLeaderCounts();
  for (const e of entries) for (const k of LEADER_KINDS) out[k] += e.leaderDeltas[k] ?? 0;
  return out;
}

export function occupiedPosts(staff: readonly Pick<StaffMember, 'postKey'>[]): PostCounts {
  const out = zeroPostCounts();
  for (const s of staff) out[s.postKey] += 1;
  return out;
}

export function leadersInPost(staff: readonly Pick<StaffMember, 'leaderKind'>[]): LeaderCounts {
  const out = zeroLeaderCounts();
  for (const s of staff) if (s.leaderKind) out[s.leaderKind] += 1;
  return out;
}

/**
 * A slip's status as of `today` (the business date): an active slip past its validity date is expired
 * already, before the server's expiry job marks it so.
 */
export function slipStatusOn(slip: Pick<PostUseSlip, 'status' | 'validUntil'>, today: string): SlipStatus {
  return slip.status === 'active' && slip.validUntil < today ? 'expired' : slip.status;
}

/** A slip holds its unused slots until it is used up, revoked, or past its validity date. */
export function slipIsLive(slip: Pick<PostUseSlip, 'status' | 'validUntil'>, today: string): boolean {
  return slipStatusOn(slip, today) === 'active';
}

export function unusedSlots(slip: Pick<PostUseSlip, 'slots'>): number {
  return slip.slots.filter((s) => s.staffId === null).length;
}

export function reservedPosts(slips: readonly Pick<PostUseSlip, 'status' | 'validUntil' | 'slots' | 'postKey'>[], today: string): PostCounts {
  const out = zeroPostCounts();
  for (const slip of slips) if (slipIsLive(slip, today)) out[slip.postKey] += unusedSlots(slip);
  return out;
}

export interface LedgerSummary {
  approved: PostCounts;
  occupied: PostCounts;
  reserved: PostCounts;
  vacant: PostCounts;
  leaders: { quota: LeaderCounts; used: LeaderCounts };
}

export interface LedgerInput {
  entries: readonly Pick<LedgerEntry, 'postDeltas' | 'leaderDeltas'>[];
  staff: readonly Pick<StaffMember, 'postKey' | 'leaderKind'>[];
  slips: readonly Pick<PostUseSlip, 'status' | 'validUntil' | 'slots' | 'postKey'>[];
  today: string;
}

export function ledgerSummary(input: LedgerInput): LedgerSummary {
  return summaryFromCounts({
    entries: input.entries,
    occupied: occupiedPosts(input.staff),
    leadersUsed: leadersInPost(input.staff),
    slips: input.slips,
    today: input.today,
  });
}

/** The same summary from staff already counted per post key and leader kind (e.g. by a SQL GROUP BY). */
export function summaryFromCounts(input: {
  entries: LedgerInput['entries'];
  occupied: PostCounts;
  leadersUsed: LeaderCounts;
  slips: LedgerInput['slips'];
  today: string;
}): LedgerSummary {
  const approved = approvedPosts(input.entries);
  const reserved = reservedPosts(input.slips, input.today);
  const vacant = zeroPostCounts();
  for (const k of POST_KEYS) vacant[k] = approved[k] - input.occupied[k] - reserved[k];
  return {
    approved,
    occupied: { ...input.occupied },
    reserved,
    vacant,
    leaders: { quota: leaderQuota(input.entries), used: { ...input.leadersUsed } },
  };
}

export function emptySummary(): LedgerSummary {
  return {
    approved: zeroPostCounts(),
    occupied: zeroPostCounts(),
    reserved: zeroPostCounts(),
    vacant: zeroPostCounts(),
    leaders: { quota: zeroLeaderCounts(), used: zeroLeaderCounts() },
  };
}

/** Totals of a supervising department over itself and its subordinates. */
export function sumSummaries(summaries: readonly LedgerSummary[]): LedgerSummary {
  const out = emptySummary();
  for (const s of summaries) {
    for (const k of POST_KEYS) {
      out.approved[k] += s.approved[k];
      out.occupied[k] += s.occupied[k];
      out.reserved[k] += s.reserved[k];
      out.vacant[k] += s.vacant[k];
    }
    for (const k of LEADER_KINDS) {
      out.leaders.quota[k] += s.leaders.quota[k];
      out.leaders.used[k] += s.leaders.used[k];
    }
  }
  return out;
}

export function total(counts: Readonly<Record<string, number>>): number {
  let t = 0;
  for (const v of Object.values(counts)) t += v;
  return t;
}

/**
 * Pre-check of a post-use request: null when the unit has the vacancies, otherwise the Chinese reason.
 * The server runs the same check again inside the approving transaction.
 */
export function checkPostUse(summary: LedgerSummary, postKey: PostKey, count: number): string | null {
  if (!Number.isInteger(count) || count < 1) return '用编数量：请填写大于 0 的整数';
  const label = POST_KEY_LABELS[postKey];
  if (summary.approved[postKey] <= 0) return `编制类型：本单位没有核定${label}，不能申请使用该类编制`;
  const vacant = summary.vacant[postKey];
  if (vacant < count) {
    return vacant <= 0
      ? `用编数量：本单位${label}已无空编（核定 ${summary.approved[postKey]}，实有 ${summary.occupied[postKey]}，已核准待使用 ${summary.reserved[postKey]}），不能申请`
      : `用编数量：本单位${label}仅剩 ${vacant} 个空编，申请 ${count} 个超出空编数，请减少到 ${vacant} 个以内`;
  }
  return null;
}
