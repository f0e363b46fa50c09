/** An outbox bundle made the way `ebz bundle export` makes it, from a test actor's software key (no replica needed). */
import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../../domain/crypto/canonical-json';
import type { CertifiedBundleKey, OutboxManifest } from '../../domain/api/bundle';
import { newX25519, seal, sha256Hex } from '../../native/bundle-crypto';
import { signWith } from './helpers/identities';
import type { Actor } from './helpers/world';

export async function bundleFor(a: Actor, unit: { unitId: string; creditCode: string; bianbanId: string }, key: CertifiedBundleKey, items: unknown[] = []): Promise<string> {
  const manifest: OutboxManifest = {
    kind: 'outbox',
    bundleId: randomUUID(),
    ...unit,
    createdAt: new Date().toISOString(),
    itemCount: items.length,
    payloadSha256: sha256Hex(canonicalJson(items)),
    cursor: 0,
    replyKey: newX25519().publicRaw.toString('base64'),
    recipientKeyId: key.key.keyId,
  };
  const signature = await signWith(a.key, a.cert, manifest);
  const env = seal({ kind: 'outbox', bundleId: manifest.bundleId, unitId: unit.unitId, recipient: Buffer.from(key.key.publicKey, 'base64'), plaintext: Buffer.from(JSON.stringify({ manifest, signature, items })) });
  return JSON.stringify(env);
}
