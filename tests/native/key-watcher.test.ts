/**
 * Presence over a virtual HID bus (the enumeration source is injected): plugging a known key emits
 * key:inserted, pulling it emits key:removed and — through the session manager — key:locked within
 * 2 s at the default 1 s polling interval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HidKeyWatcher, nodeHidEnumerator, type HidDevice, type KeyPresence } from '../../native/key-watcher';
import { loadKnownKeys, parseKnownKeys } from '../../native/known-keys';
import { KeySession, type KeyLocked } from '../../native/key-session';
import { DemoKey, DEMO_PIN } from '../../native/demo-key';

const EPASS3003: HidDevice = { vendorId: 0x096e, productId: 0x0808, serialNumber: 'FT-001', path: '/dev/hidraw3' };
const EPASS3003_IF1: HidDevice = { ...EPASS3003, path: '/dev/hidraw4' }; // second interface, same key
const MOUSE: HidDevice = { vendorId: 0x046d, productId: 0xc077, path: '/dev/hidraw0' };

/** A virtual HID bus: tests plug and unplug devices; the watcher enumerates it. */
function virtualBus() {
  let devices: HidDevice[] = [];
  let enumerations = 0;
  return {
    plug: (...d: HidDevice[]) => (devices = [...devices, ...d]),
    unplug: (serial: string) => (devices = devices.filter((d) => d.serialNumber !== serial)),
    enumerate: async () => {
      enumerations += 1;
      return devices.map((d) => ({ ...d }));
    },
    count: () => enumerations,
  };
}

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ebz-hid-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('known keys registry', () => {
  it('ships Feitian and Longmai entries with module paths per OS', () => {
    const keys = loadKnownKeys();
    const gm3000 = keys.find((k) => k.vendorId === 0x055c && k.productId === 0xe000);
    expect(gm3000?.name).toContain('GM3000');
    expect(keys.find((k) => k.vendorId === 0x096e && k.productId === 0x0808)?.modules.win32).toMatch(/\.dll$/i);
  });

  it('says which entry and field is wrong in a bianban-supplied file', () => {
    const path = join(dataDir, 'keys.json');
    writeFileSync(path, JSON.stringify({ keys: [{ name: 'X', vendorId: 'zz12', productId: '0001', modules: {} }] }));
    expect(() => loadKnownKeys(path)).toThrow(/第 1 项（X）的 vendorId/);
    expect(() => parseKnownKeys({})).toThrow(/缺少 "keys"/);
  });
});

describe('HID watcher', () => {
  it('enumerates the real HID bus through node-hid without blocking (no key on this machine)', async () => {
    const devices = await nodeHidEnumerator();
    expect(Array.isArray(devices)).toBe(true);
    const watcher = new HidKeyWatcher({ registry: loadKnownKeys() });
    await watcher.poll();
    expect(watcher.current().every((k) => k.source === 'hid')).toBe(true);
  });

  it('emits key:inserted once per key (not per interface), ignores unknown devices, then key:removed', async () => {
    const bus = virtualBus();
    const watcher = new HidKeyWatcher({ registry: loadKnownKeys(), enumerate: bus.enumerate, platform: 'linux' });
    const seen: string[] = [];
    let inserted: KeyPresence | undefined;
    watcher.on('key:inserted', (k) => {
      inserted = k;
      seen.push(`in:${k.id}`);
    });
    watcher.on('key:removed', (k) => seen.push(`out:${k.id}`));
    bus.plug(MOUSE);
    await watcher.poll();
    expect(seen).toEqual([]);
    bus.plug(EPASS3003, EPASS3003_IF1);
    await watcher.poll();
    await watcher.poll();
    expect(seen).toEqual(['in:hid:096e:0808:FT-001']);
    expect(inserted).toMatchObject({ source: 'hid', name: '飞天诚信 ePass3003', modulePath: '/usr/lib/libshuttle_p11v220.so' });
    bus.unplug('FT-001');
    await watcher.poll();
    expect(seen).toEqual(['in:hid:096e:0808:FT-001', 'out:hid:096e:0808:FT-001']);
    expect(watcher.current()).toEqual([]);
  });

  it('keeps the last state when enumeration fails (no false removal)', async () => {
    let fail = false;
    const watcher = new HidKeyWatcher({
      registry: loadKnownKeys(),
      enumerate: async () => {
        if (fail) throw new Error('hid busy');
        return [EPASS3003];
      },
    });
    const removed: KeyPresence[] = [];
    watcher.on('key:removed', (k) => removed.push(k));
    await watcher.poll();
    fail = true;
    await watcher.poll();
    expect(removed).toEqual([]);
    expect(watcher.current()).toHaveLength(1);
  });

  it('unplugging drives key:locked within 2 s at the default 1 s interval', async () => {
    const bus = virtualBus();
    const watcher = new HidKeyWatcher({ registry: loadKnownKeys(), enumerate: bus.enumerate });
    const key = await DemoKey.open({ dataDir });
    const session = new KeySession(key, { presence: [watcher] });
    const insertedP = new Promise<KeyPresence>((r) => watcher.once('key:inserted', r));
    bus.plug(EPASS3003);
    watcher.start();
    await insertedP;
    await session.login(DEMO_PIN);
    expect(session.isUnlocked).toBe(true);
    const locked = new Promise<KeyLocked>((r) => session.once('key:locked', r));
    const pulled = Date.now();
    bus.unplug('FT-001');
    const ev = await locked;
    watcher.stop();
    const elapsed = ev.at.getTime() - pulled;
    expect(elapsed).toBeLessThan(2000);
    expect(ev).toMatchObject({ reason: 'removed' });
    expect(ev.message).toContain('已拔出');
    expect(session.isUnlocked).toBe(false);
    expect(key.isLoggedIn()).toBe(false);
    await expect(session.sign(new Uint8Array([1]))).rejects.toMatchObject({ code: 'NOT_LOGGED_IN' });
    // The poll loop really ran on its own (not driven by the test) and stopped.
    const n = bus.count();
    await new Promise((r) => setTimeout(r, 1200));
    expect(bus.count()).toBe(n);
    session.dispose();
  });
});
