/** What the stack process wrote for the specs: URLs, the virtual key, expected figures. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ReviewerState } from './reviewer-stack';

export interface E2eState {
  /** Opens the unit's app: the stack's control endpoint redirects to a fresh one-time launch URL. */
  url: string;
  origin: string;
  /** The unit app's session cookie name (ebz_session_<port>). */
  cookieName: string;
  hidFile: string;
  hidDevice: unknown[];
  pin: string;
  control: string;
  unitId: string;
  unitName: string;
  expected: { approved: number; occupied: number; reserved: number; vacant: number };
  today: string;
  reviewer: ReviewerState;
}

export function e2eState(): E2eState {
  return JSON.parse(readFileSync(process.env.EBZ_E2E_STATE!, 'utf8')) as E2eState;
}

export function plugKey(s: E2eState): void {
  writeFileSync(s.hidFile, JSON.stringify(s.hidDevice));
}

export function pullKey(s: E2eState): void {
  writeFileSync(s.hidFile, '[]');
}

export async function approveAll(s: E2eState): Promise<string[]> {
  const r = await fetch(`${s.control}/approve-all`, { method: 'POST' });
  const body = (await r.json()) as { decided?: string[]; error?: string };
  if (!r.ok) throw new Error(body.error ?? `approve failed ${r.status}`);
  return body.decided ?? [];
}

/** A browser session on the unit's app, opened the way a browser does: the cookie and the page secret a launch hands out. */
export async function openSession(s: E2eState): Promise<{ cookie: string; secret: string }> {
  const redirect = await fetch(s.url, { redirect: 'manual' });
  const launch = redirect.headers.get('location')!;
  const r = await fetch(launch, { redirect: 'manual' });
  const secret = /<meta name="ebz-session" content="([A-Za-z0-9_-]+)">/.exec(await r.text())?.[1];
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (r.status !== 200 || !secret || !cookie.startsWith(`${s.cookieName}=`)) throw new Error(`launch failed: ${r.status}`);
  return { cookie, secret };
}
