import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openReplica, ReplicaChangeError } from '../../db';
import type { SealedForm } from '../../domain/forms/sealed-content';

const form = (number: string, digest = 'a'.repeat(64)) =>
  ({
    number,
    kind: 'postUseSlip',
    content: { kind: 'postUseSlip', number, unitId: 'u1', unitName: '泰安市第二中学' },
    digest,
    seal: { alg: 'ECDSA-P256-SHA256', certSerial: '0a', issuer: 'CN=泰安市机构编制委员会办公室', value: 'c2ln' },
    issuedAt: '2026-01-07T08:00:00.000Z',
  }) as unknown as SealedForm;

describe('sealed forms in the replica (migration 0004)', () => {
  const open = () => openReplica(join(mkdtempSync(join(tmpdir(), 'ebz-seal-')), 'replica.sqlite'));

  it('keeps what a pull brings, exactly as sealed, per unit', () => {
    const store = open();
    store.applyChanges([
      { table: 'sealed_forms', op: 'upsert', row: form('泰机编用〔2026〕0001号') },
      { table: 'sealed_forms', op: 'upsert', row: form('泰机编用〔2026〕0002号') },
    ]);
    expect(store.sealedForms.get('泰机编用〔2026〕0001号')).toEqual(form('泰机编用〔2026〕0001号'));
    expect(store.sealedForms.listByUnit('u1').map((f) => f.number)).toEqual(['泰机编用〔2026〕0001号', '泰机编用〔2026〕0002号']);
    store.applyChanges([{ table: 'sealed_forms', op: 'delete', row: { number: '泰机编用〔2026〕0002号' } }]);
    expect(store.sealedForms.get('泰机编用〔2026〕0002号')).toBeNull();
    store.close();
  });

  it('refuses a malformed seal and writes nothing of its batch', () => {
    const store = open();
    expect(() =>
      store.applyChanges([
        { table: 'sealed_forms', op: 'upsert', row: form('泰机编用〔2026〕0003号') },
        { table: 'sealed_forms', op: 'upsert', row: form('泰机编用〔2026〕0004号', 'short') },
      ]),
    ).toThrow(ReplicaChangeError);
    expect(store.sealedForms.get('泰机编用〔2026〕0003号')).toBeNull();
    store.close();
  });
});
