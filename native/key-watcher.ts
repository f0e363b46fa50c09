/**
 * Presence of the USB key, from two sources:
 * - HID (node-hid `devicesAsync`, polled about once a second off the main thread): a known key
 *   (known-keys.ts) is plugged in or pulled out. The enumeration source is injectable, so tests
 *   plug and unplug a virtual key.
 * - PKCS#11 slots (token present / serial), polled the same way, so a key whose HID ids are not in
 *   the registry still works. C_WaitForSlotEvent is not used: pkcs11js only offers it
 *   synchronously, a blocking wait would freeze the event loop, and SoftHSM2 does not implement it;
 *   a 1 s poll of C_GetSlotList is cheap for every module we know.
 * Both emit `key:inserted` / `key:removed` with a KeyPresence describing the key.
 */
import { EventEmitter } from 'node:events';
import { findKnownKey, modulePathFor, type KnownKey } from './known-keys';
import { nativeLogger, type Logger } from './logger';
import type { Pkcs11Api } from './pkcs11-module';
import { slotIdOf, tokenSummaryOf } from './pkcs11-slots';

export interface KeyPresence {
  source: 'hid' | 'pkcs11';
  /** Stable id for matching `removed` with `inserted`. */
  id: string;
  name: string;
  /** PKCS#11 module for this key on this OS (HID source, from the registry). */
  modulePath?: string;
  vendorId?: number;
  productId?: number;
  /** HID serial or token serial number. */
  serialNumber?: string;
  slotId?: string;
  label?: string;
}

export interface PresenceEvents {
  'key:inserted': [KeyPresence];
  'key:removed': [KeyPresence];
}

export interface HidDevice {
  vendorId: number;
  productId: number;
  path?: string;
  serialNumber?: string;
  product?: string;
}

export type HidEnumerator = () => Promise<HidDevice[]>;

/** node-hid's asynchronous enumeration (runs on a worker thread inside node-hid). */
export const nodeHidEnumerator: HidEnumerator = async () => {
  const hid = await import('node-hid');
  return hid.devicesAsync();
};

/** Shared poll loop: never overlaps itself, keeps going after an error, stops cleanly. */
abstract class Poller extends EventEmitter<PresenceEvents> {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  protected present = new Map<string, KeyPresence>();

  constructor(
    protected readonly intervalMs: number,
    protected readonly log: Logger,
  ) {
    super();
  }

  protected abstract scan(): Promise<KeyPresence[]>;

  /** One scan; emits the differences from the last one. Resolves when the events are out. */
  async poll(): Promise<void> {
    let seen: KeyPresence[];
    try {
      seen = await this.scan();
    } catch (e) {
      // A failed enumeration says nothing about the key: keep the last known state.
      this.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'key presence scan failed');
      return;
    }
    const next = new Map(seen.map((k) => [k.id, k]));
    for (const [id, key] of this.present) {
      if (!next.has(id)) {
        this.log.info({ source: key.source, key: id }, 'key removed');
        this.emit('key:removed', key);
      }
    }
    for (const [id, key] of next) {
      if (!this.present.has(id)) {
        this.log.info({ source: key.source, key: id, name: key.name }, 'key inserted');
        this.emit('key:inserted', key);
      }
    }
    this.present = next;
  }

  /** Keys present at the last scan. */
  current(): KeyPresence[] {
    return [...this.present.values()];
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    const tick = async () => {
      await this.poll();
      if (this.running) this.timer = setTimeout(tick, this.intervalMs);
    };
    void tick();
    return this;
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

export interface HidKeyWatcherOptions {
  registry: KnownKey[];
  enumerate?: HidEnumerator;
  intervalMs?: number;
  platform?: NodeJS.Platform;
  logger?: Logger;
}

export class HidKeyWatcher extends Poller {
  private readonly registry: KnownKey[];
  private readonly enumerate: HidEnumerator;
  private readonly platform: NodeJS.Platform;

  constructor(options: HidKeyWatcherOptions) {
    super(options.intervalMs ?? 1000, (options.logger ?? nativeLogger()).child({ component: 'hid-watcher' }));
    this.registry = options.registry;
    this.enumerate = options.enumerate ?? nodeHidEnumerator;
    this.platform = options.platform ?? process.platform;
  }

  protected async scan(): Promise<KeyPresence[]> {
    const found = new Map<string, KeyPresence>();
    for (const d of await this.enumerate()) {
      const known = findKnownKey(this.registry, d.vendorId, d.productId);
      if (!known) continue;
      // One key often exposes several HID interfaces: they share vid:pid:serial.
      const hex = (n: number) => n.toString(16).padStart(4, '0');
      const id = `hid:${hex(d.vendorId)}:${hex(d.productId)}:${d.serialNumber ?? ''}`;
      if (found.has(id)) continue;
      found.set(id, {
        source: 'hid',
        id,
        name: known.name,
        modulePath: modulePathFor(known, this.platform),
        vendorId: d.vendorId,
        productId: d.productId,
        serialNumber: d.serialNumber,
      });
    }
    return [...found.values()];
  }
}

export interface SlotWatcherOptions {
  api: Pkcs11Api;
  intervalMs?: number;
  logger?: Logger;
}

/** Watches a module's slots for tokens appearing or disappearing (by token serial number). */
export class Pkcs11SlotWatcher extends Poller {
  private readonly api: Pkcs11Api;

  constructor(options: SlotWatcherOptions) {
    super(options.intervalMs ?? 1000, (options.logger ?? nativeLogger()).child({ component: 'slot-watcher' }));
    this.api = options.api;
  }

  protected async scan(): Promise<KeyPresence[]> {
    const out: KeyPresence[] = [];
    for (const slot of this.api.C_GetSlotList(true)) {
      let t;
      try {
        t = tokenSummaryOf(this.api.C_GetTokenInfo(slot));
      } catch {
        continue; // pulled out between the two calls
      }
      // SoftHSM2's spare blank slot and uninitialised keys are not an establishment certificate.
      if (!t.initialized) continue;
      out.push({ source: 'pkcs11', id: `pkcs11:${t.serialNumber}`, name: t.label, serialNumber: t.serialNumber, slotId: slotIdOf(slot), label: t.label });
    }
    return out;
  }
}

