/** The scheduled release of expired post-use slips: their unused slots stop reserving posts. */
import { todayOf } from '../../domain/validation/calendar';
import { Journal } from '../audit/journal';
import type { AppDeps } from '../context';
import { expireSlipsBefore, recordSlipChange } from '../repositories/record-repository';

export async function expireSlips(d: AppDeps): Promise<string[]> {
  const today = todayOf(d.now());
  return d.db.transaction(async (tx) => {
    const numbers = await expireSlipsBefore(tx, today);
    const j = new Journal(tx, d.now);
    for (const number of numbers) {
      await recordSlipChange(tx, j, number);
      await j.audit({ actor: 'server', action: 'slip.expire', entity: 'slip', entityId: number, after: { status: 'expired' } });
    }
    return numbers;
  });
}
