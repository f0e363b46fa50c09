import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxTransitionError, openReplica, uuidv7, type Store } from '../../db/index';
import { UUID_V7 } from '../../db/uuid-v7';
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import { postUseRequest, tempDir } from './fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let store: Store;
beforeEach(() => {
  store = openReplica(tmp.file());
});
afterEach(() => store.close());

const signature: SignatureEnvelope = { alg: 'ECDSA-P256-SHA256', certSerial: '0a1b2c', issuer: 'CN=泰安市编办 CA', value: 'c2lnbmF0dXJl' };

function enqueue(requestId = 'r1') {
  return store.outbox.enqueue({ requestId, body: postUseRequest(requestId, 'u1'), signature });
}

describe('uuidv7', () => {
  it('makes RFC 9562 version-7 ids that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => uuidv7(1_750_000_000_000));
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(parseInt(uuidv7(1_800_000_000_000).replaceAll('-', '').slice(0, 12), 16)).toBe(1_800_000_000_000);
  });
});

describe('outbox', () => {
  it('stores the signed body as pending with a UUIDv7 id', () => {
    const item = enqueue();
    expect(item.id).toMatch(UUID_V7);
    expect(item).toMatchObject({ requestId: 'r1', state: 'pending', attempts: 0, lastError: null, ackedAt: null, signature });
    expect(item.body).toEqual(postUseRequest('r1', 'u1'));
    expect(store.outbox.listByRequest('r1')).toEqual([item]);
  });

  it('pending → sending → acked', () => {
    const { id } = enqueue();
    store.outbox.markSending(id);
    expect(store.outbox.get(id)).toMatchObject({ state: 'sending', attempts: 1 });
    store.outbox.markAcked(id, '2025-06-01T08:00:00.000Z');
    expect(store.outbox.get(id)).toMatchObject({ state: 'acked', ackedAt: '2025-06-01T08:00:00.000Z', attempts: 1 });
  });

  it('sending → failed → retry → sending counts attempts and keeps the last error', () => {
    const { id } = enqueue();
    store.outbox.markSending(id);
    store.outbox.markFailed(id, '连接编办服务器超时');
    expect(store.outbox.get(id)).toMatchObject({ state: 'failed', lastError: '连接编办服务器超时' });
    store.outbox.retry(id);
    expect(store.outbox.get(id)).toMatchObject({ state: 'pending', lastError: '连接编办服务器超时', attempts: 1 });
    store.outbox.markSending(id);
    store.outbox.markAcked(id);
    expect(store.outbox.get(id)).toMatchObject({ state: 'acked', attempts: 2, lastError: null });
  });

  it.each([
    ['acked → sending', (id: string) => store.outbox.markSending(id), 'acked', /当前为「已送达」，不能改为「发送中」/],
    ['pending → acked', (id: string) => store.outbox.markAcked(id), 'pending', /当前为「待发送」，不能改为「已送达」/],
    ['pending → failed', (id: string) => store.outbox.markFailed(id, 'x'), 'pending', /不能改为「发送失败」/],
    ['pending → retry', (id: string) => store.outbox.retry(id), 'pending', /当前为「待发送」，不能改为「待发送」/],
  ] as const)('refuses %s', (_label, move, from, message) => {
    const { id } = enqueue();
    if (from === 'acked') {
      store.outbox.markSending(id);
      store.outbox.markAcked(id);
    }
    const before = store.outbox.get(id);
    expect(() => move(id)).toThrow(OutboxTransitionError);
    expect(() => move(id)).toThrow(message);
    expect(store.outbox.get(id)).toEqual(before);
  });

  it('refuses to move an unknown item', () => {
    expect(() => store.outbox.markAcked('0190-missing')).toThrow(/没有编号为 0190-missing 的记录/);
  });

  it('claims pending items oldest first, and resets items a crash left sending', () => {
    const a = enqueue('r1');
    const b = enqueue('r2');
    const c = enqueue('r3');
    const claimed = store.outbox.claimPending(2);
    expect(claimed.map((i) => i.id)).toEqual([a.id, b.id]);
    expect(claimed.every((i) => i.state === 'sending' && i.attempts === 1)).toBe(true);
    expect(store.outbox.counts()).toEqual({ pending: 1, sending: 2, acked: 0, failed: 0 });

    // A restart: the same file opened again finds them still "sending".
    const file = store.file;
    store.close();
    store = openReplica(file);
    expect(store.outbox.counts().sending).toBe(2);
    expect(store.outbox.resetInterrupted()).toBe(2);
    expect(store.outbox.listByState('pending').map((i) => i.id)).toEqual([a.id, b.id, c.id]);
  });

  it('purges acknowledged items older than a date, and only those', () => {
    const a = enqueue('r1');
    const b = enqueue('r2');
    store.outbox.markSending(a.id);
    store.outbox.markAcked(a.id, '2025-01-01T00:00:00.000Z');
    expect(store.outbox.purgeAcked('2025-02-01T00:00:00.000Z')).toBe(1);
    expect(store.outbox.get(a.id)).toBeNull();
    expect(store.outbox.get(b.id)?.state).toBe('pending');
  });
});

describe('outbox cancel (取消待上传)', () => {
  it('deletes a pending request and nothing else', () => {
    enqueue('r1');
    const other = enqueue('r2');
    expect(store.outbox.cancel('r1')).toBe(1);
    expect(store.outbox.listByRequest('r1')).toEqual([]);
    expect(store.outbox.listByRequest('r2')).toEqual([other]);
    expect(store.outbox.counts()).toMatchObject({ pending: 1 });
  });

  it('refuses a request being sent, already delivered or refused, and an unknown one', () => {
    const sending = enqueue('r-sending');
    store.outbox.markSending(sending.id);
    expect(() => store.outbox.cancel('r-sending')).toThrow(/正在上传，不能取消/);
    expect(store.outbox.get(sending.id)).toMatchObject({ state: 'sending' });

    store.outbox.markAcked(sending.id);
    expect(() => store.outbox.cancel('r-sending')).toThrow(/已送达编办/);

    const failed = enqueue('r-failed');
    store.outbox.markSending(failed.id);
    store.outbox.markFailed(failed.id, '编办拒收');
    expect(() => store.outbox.cancel('r-failed')).toThrow(/不能在本机取消/);
    expect(() => store.outbox.cancel('nobody')).toThrow(OutboxTransitionError);
  });

  it('a cancelled request is not claimed by the next push', () => {
    enqueue('r1');
    store.outbox.cancel('r1');
    expect(store.outbox.claimPending(10)).toEqual([]);
  });
});
