/**
 * Key sources for the KeyGate:
 * - `DemoKeySource`: the software demo key (演示密钥), present from the start; tests can pull and
 *   re-insert it.
 * - `HidKeySource`: a real USB key seen by the HID watcher (known-keys registry → PKCS#11 module),
 *   opened as a PKCS#11 token. The HID enumeration is injectable: `fileHidEnumerator` reads a JSON
 *   list of devices from a file, which is how tests and demos plug a virtual key.
 * - `SlotKeySource`: any token in a PKCS#11 module's slots (keys whose HID ids are not registered).
 */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { DemoKey } from '../native/demo-key';
import type { KeyService } from '../native/key-types';
import { HidKeyWatcher, Pkcs11SlotWatcher, type HidDevice, type HidEnumerator, type KeyPresence, type PresenceEvents } from '../native/key-watcher';
import type { KnownKey } from '../native/known-keys';
import { loadPkcs11Module, SOFTHSM2_MODULE } from '../native/pkcs11-module';
import { Pkcs11Token, type SlotSelector } from '../native/pkcs11-token';
import type { KeySource } from './key-gate';

const DEMO_PRESENCE: KeyPresence = { source: 'pkcs11', id: 'demo', name: '演示密钥' };

export class DemoKeySource extends EventEmitter<PresenceEvents> implements KeySource {
  private present = true;

  constructor(
    private readonly dataDir: string,
    private readonly log?: Logger,
  ) {
    super();
  }

  current(): KeyPresence[] {
    return this.present ? [DEMO_PRESENCE] : [];
  }

  open(): Promise<KeyService> {
    return DemoKey.open({ dataDir: this.dataDir, logger: this.log });
  }

  start(): void {}
  stop(): void {}

  /** Simulates pulling the demo key out (tests, and the 退出 button's "lock now"). */
  remove(): void {
    if (!this.present) return;
    this.present = false;
    this.emit('key:removed', DEMO_PRESENCE);
  }

  insert(): void {
    if (this.present) return;
    this.present = true;
    this.emit('key:inserted', DEMO_PRESENCE);
  }
}

/** Reads `[{ vendorId, productId, serialNumber? }]` (ids as numbers or hex strings) from a file; missing file = no devices. */
export function fileHidEnumerator(path: string): HidEnumerator {
  return async () => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return [];
    }
    const list = JSON.parse(text) as { vendorId: number | string; productId: number | string; serialNumber?: string }[];
    const num = (v: number | string) => (typeof v === 'number' ? v : parseInt(v, 16));
    return list.map((d): HidDevice => ({ vendorId: num(d.vendorId), productId: num(d.productId), serialNumber: d.serialNumber }));
  };
}

export interface HidKeySourceOptions {
  registry: KnownKey[];
  enumerate?: HidEnumerator;
  intervalMs?: number;
  log: Logger;
  /** Which token of the module this key is (several keys share one module, e.g. a bianban workstation). */
  slot?: SlotSelector;
}

export class HidKeySource extends EventEmitter<PresenceEvents> implements KeySource {
  private readonly watcher: HidKeyWatcher;

  constructor(private readonly opts: HidKeySourceOptions) {
    super();
    this.watcher = new HidKeyWatcher({ registry: opts.registry, enumerate: opts.enumerate, intervalMs: opts.intervalMs ?? 500, logger: opts.log });
    this.watcher.on('key:inserted', (k) => this.emit('key:inserted', k));
    this.watcher.on('key:removed', (k) => this.emit('key:removed', k));
  }

  current(): KeyPresence[] {
    return this.watcher.current();
  }

  async open(p: KeyPresence): Promise<KeyService> {
    const module = loadPkcs11Module(p.modulePath ?? SOFTHSM2_MODULE, { logger: this.opts.log });
    try {
      return new Pkcs11Token({ module, logger: this.opts.log, ownsModule: true, ...(this.opts.slot ? { slot: this.opts.slot } : {}) });
    } catch (e) {
      module.close();
      throw e;
    }
  }

  /** Resolves once the first scan is done, so a key already plugged in is seen at start-up. */
  async ready(): Promise<void> {
    await this.watcher.poll();
  }

  start(): void {
    this.watcher.start();
  }

  stop(): void {
    this.watcher.stop();
  }
}

export class SlotKeySource extends EventEmitter<PresenceEvents> implements KeySource {
  private readonly watcher: Pkcs11SlotWatcher;
  private readonly module;

  constructor(
    modulePath: string,
    private readonly log: Logger,
  ) {
    super();
    this.module = loadPkcs11Module(modulePath, { logger: log });
    this.watcher = new Pkcs11SlotWatcher({ api: this.module.api, intervalMs: 500, logger: log });
    this.watcher.on('key:inserted', (k) => this.emit('key:inserted', k));
    this.watcher.on('key:removed', (k) => this.emit('key:removed', k));
  }

  current(): KeyPresence[] {
    return this.watcher.current();
  }

  async open(p: KeyPresence): Promise<KeyService> {
    return new Pkcs11Token({ module: loadPkcs11Module(this.module.path, { logger: this.log }), slot: { serialNumber: p.serialNumber }, logger: this.log, ownsModule: true });
  }

  async ready(): Promise<void> {
    await this.watcher.poll();
  }

  start(): void {
    this.watcher.start();
  }

  stop(): void {
    this.watcher.stop();
    this.module.close();
  }
}
