/** The scheduled release of expired post-use slips: their unused slots stop reserving posts. */
import { Journal } from '../audit/journal';
import { todayOf, type AppDeps } from '../context';
import { recordSlipChange } from '../repositories/record-repository';

export async function expireSlips(d: AppDeps): Promise<string[]> {
  const today = todayOf(d.now());
  return d.db.transaction(async (tx) => {
    const r = await tx.query<{ number: string }>(
      `UPDATE slips SET status = 'expired' WHERE status = 'active' AND valid_until < $1 RETURNING number`,
      [today],
    );
    const j = new Journal(tx, d.now);
    for (const { number } of r.rows) {
      await recordSlipChange(tx, j, number);
      await j.audit({ actor: 'server', action: 'slip.expire', entity: 'slip', entityId: number, after: { status: 'expired' } });
    }
    return r.rows.map((x) => x.number);
  });
}
