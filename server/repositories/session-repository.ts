/**
 * Login challenges and sessions. Only a session token's hash is stored; the session lookup joins the
 * certificate so a revocation takes effect on the next call.
 */
import type { Queryable } from '../db/database';

/** Drops challenges that expired before `before` (pruned opportunistically, no job needed). */
export async function pruneChallenges(q: Queryable, before: Date): Promise<void> {
  await q.query('DELETE FROM auth_challenges WHERE expires_at < $1', [before]);
}

export async function insertChallenge(q: Queryable, challenge: string, expiresAt: Date): Promise<void> {
  await q.query('INSERT INTO auth_challenges (challenge, expires_at) VALUES ($1, $2)', [challenge, expiresAt]);
}

/** Marks the challenge used; false when it was used, expired or never issued (one statement, so a replay loses). */
export async function consumeChallenge(q: Queryable, challenge: string, now: Date): Promise<boolean> {
  const used = await q.query(
    'UPDATE auth_challenges SET used_at = $2 WHERE challenge = $1 AND used_at IS NULL AND expires_at >= $2 RETURNING challenge',
    [challenge, now],
  );
  return used.rowCount === 1;
}

export async function insertSession(q: Queryable, s: { tokenHash: string; certSerial: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await q.query('INSERT INTO sessions (token_hash, cert_serial, created_at, expires_at) VALUES ($1,$2,$3,$4)', [s.tokenHash, s.certSerial, s.createdAt, s.expiresAt]);
}

export interface SessionBinding {
  expiresAt: Date;
  serial: string;
  role: string;
  unitId: string | null;
  bianbanId: string | null;
  holderName: string;
  revokedAt: string | null;
}

/** The session's certificate binding, or null for an unknown token. */
export async function findSession(q: Queryable, tokenHash: string): Promise<SessionBinding | null> {
  const r = await q.query<{ expires_at: Date; serial: string; role: string; unit_id: string | null; bianban_id: string | null; holder_name: string; revoked_at: string | null }>(
    `SELECT s.expires_at, c.serial, c.role, c.unit_id, c.bianban_id, c.holder_name, c.revoked_at
       FROM sessions s JOIN certificates c ON c.serial = s.cert_serial WHERE s.token_hash = $1`,
    [tokenHash],
  );
  const row = r.rows[0];
  return row
    ? { expiresAt: row.expires_at, serial: row.serial, role: row.role, unitId: row.unit_id, bianbanId: row.bianban_id, holderName: row.holder_name, revokedAt: row.revoked_at }
    : null;
}

export async function deleteSession(q: Queryable, tokenHash: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}
