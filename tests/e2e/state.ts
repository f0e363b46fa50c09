/** What the stack process wrote for the specs: URLs, the virtual key, expected figures. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ReviewerState } from './reviewer-stack';

export interface E2eState {
  url: string;
  origin: string;
  token: string;
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
