/** "Slip is live": the one rule the server's push and approval, the form check and the client all use. */
import { describe, expect, it } from 'vitest';
import type { SlipStatus } from '../../domain/forms';
import { slipIsLive, slipStatusOn } from '../../domain/ledger';

const TODAY = '2025-06-15';

describe('slipIsLive / slipStatusOn', () => {
  // [why, status, validUntil, status as of TODAY]
  const notLive: [string, SlipStatus, string, SlipStatus][] = [
    ['used up', 'usedUp', '2025-12-31', 'usedUp'],
    ['revoked', 'revoked', '2025-12-31', 'revoked'],
    ['marked expired by the job', 'expired', '2025-12-31', 'expired'],
    ['active but past its validity date (job not run yet)', 'active', '2025-06-14', 'expired'],
    ['active, validity ended at the turn of the year', 'active', '2024-12-31', 'expired'],
    ['revoked and past its date: revoked wins', 'revoked', '2025-01-01', 'revoked'],
  ];
  it.each(notLive)('is not live when %s', (_why, status, validUntil, on) => {
    expect(slipIsLive({ status, validUntil }, TODAY)).toBe(false);
    expect(slipStatusOn({ status, validUntil }, TODAY)).toBe(on);
  });

  const live: [string, string][] = [
    ['on its last valid day', TODAY],
    ['valid until tomorrow', '2025-06-16'],
    ['valid into next year', '2026-01-10'],
  ];
  it.each(live)('is live when active and %s', (_why, validUntil) => {
    expect(slipIsLive({ status: 'active', validUntil }, TODAY)).toBe(true);
    expect(slipStatusOn({ status: 'active', validUntil }, TODAY)).toBe('active');
  });
});
