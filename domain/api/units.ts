/** HTTP shapes of a unit's figures, answered live by the server (GET /api/v1/units/:id/summary). */
import { Type, type Static } from '@sinclair/typebox';
import type { LedgerSummary } from '../ledger';
import { LeaderCountsSchema, PostCountsSchema } from '../contract/records';

export const LedgerSummarySchema = Type.Object({
  approved: PostCountsSchema,
  occupied: PostCountsSchema,
  reserved: PostCountsSchema,
  vacant: PostCountsSchema,
  leaders: Type.Object({ quota: LeaderCountsSchema, used: LeaderCountsSchema }),
});
const _agree: [Static<typeof LedgerSummarySchema>] extends [LedgerSummary] ? ([LedgerSummary] extends [Static<typeof LedgerSummarySchema>] ? true : false) : false = true;
void _agree;
