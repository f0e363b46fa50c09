/**
 * The gate between the window and the key: which key is present, whether the officer is logged in,
 * and which unit that makes them. It wraps native's KeySession (PIN rules, lock on removal) and turns
 * its events into the contract's key:* events. The PIN passes through `login` once and is dropped.
 */
import { EventEmitter } from 'node:events';
import type { KeyStatus } from '../domain/contract/views';
import { KeyError } from '../native/key-errors';
import { KeySession, type KeyLocked } from '../native/key-session';
import type { KeyIdentity, KeyService, PinState, SignatureEnvelope } from '../native/key-types';
import type { KeyPresence, PresenceEvents } from '../native/key-watcher';
import type { Logger } from 'pino';

/** Where keys come from: a presence watcher plus a way to open the key it reports. */
export interface KeySource extends EventEmitter<PresenceEvents> {
  current(): KeyPresence[];
  open(presence: KeyPresence): Promise<KeyService>;
  start(): void;
  stop(): void;
}

export interface KeyGateEvents {
  inserted: [{ displayName: string }];
  removed: [];
  locked: [{ reason: string }];
  unlocked: [KeyIdentity];
}

export class KeyGate extends EventEmitter<KeyGateEvents> {
  private presence: KeyPresence | null = null;
  private session: KeySession | null = null;
  private opening: Promise<void> | null = null;
  private pin: PinState | null = null;
  private lastMessage: string | null = null;
  private unitId: string | null = null;
  private readonly onInserted = (p: KeyPresence) => void this.attach(p);
  private readonly onRemoved = (p: KeyPresence) => this.detachKey(p);

  constructor(
    private readonly source: KeySource,
    private readonly resolveUnit: (identity: KeyIdentity) => string | null,
    private readonly log: Logger,
  ) {
    super();
    source.on('key:inserted', this.onInserted);
    source.on('key:removed', this.onRemoved);
  }

  async start(): Promise<void> {
    this.source.start();
    const first = this.source.current()[0];
    if (first) await this.attach(first);
  }

  stop(): void {
    this.source.off('key:inserted', this.onInserted);
    this.source.off('key:removed', this.onRemoved);
    this.source.stop();
    this.session?.lock('logout');
    this.session?.dispose();
    this.session = null;
  }

  get loggedIn(): boolean {
    return this.session?.isUnlocked === true;
  }

  get identity(): KeyIdentity | null {
    return this.loggedIn ? (this.session?.currentIdentity ?? null) : null;
  }

  get currentUnitId(): string | null {
    return this.loggedIn ? this.unitId : null;
  }

  /** Called after a sync brings the unit into the replica, or the server names it at login. */
  setUnit(unitId: string): void {
    if (this.loggedIn) this.unitId = unitId;
  }

  private async attach(p: KeyPresence): Promise<void> {
    if (this.presence?.id === p.id && this.session) return;
    this.presence = p;
    this.opening = (async () => {
      try {
        const key = await this.source.open(p);
        if (this.presence?.id !== p.id) {
          await key.close();
          return;
        }
        this.session?.dispose();
        const session = new KeySession(key, { presence: [this.source], logger: this.log });
        session.on('key:locked', (e: KeyLocked) => this.onLocked(e));
        this.session = session;
        this.pin = await key.pinState().catch(() => null);
        this.lastMessage = null;
        this.emit('inserted', { displayName: key.displayName });
      } catch (e) {
        this.lastMessage = e instanceof Error ? e.message : String(e);
        this.log.warn({ err: this.lastMessage }, 'key could not be opened');
      }
    })();
    await this.opening;
    this.opening = null;
  }

  private detachKey(p: KeyPresence): void {
    if (this.presence && this.presence.id !== p.id) return;
    this.presence = null;
    const s = this.session;
    this.session = null;
    this.unitId = null;
    this.pin = null;
    if (s) {
      // The native session locks itself on the same event; make sure, then forget it.
      s.lock('removed');
      s.dispose();
      void s.key.close().catch(() => undefined);
    }
    this.emit('removed');
  }

  private onLocked(e: KeyLocked): void {
    this.unitId = null;
    this.lastMessage = e.reason === 'logout' ? null : e.message;
    this.emit('locked', { reason: e.message });
  }

  async login(pin: string): Promise<KeyIdentity> {
    if (this.opening) await this.opening;
    const s = this.session;
    if (!s) throw new KeyError('KEY_REMOVED', this.lastMessage ?? '没有检测到电子编制管理证（USB 密钥）。请插入密钥后再输入 PIN 码。');
    try {
      const identity = await s.login(pin);
      this.pin = await s.pinState().catch(() => null);
      this.unitId = this.resolveUnit(identity);
      this.lastMessage = null;
      this.emit('unlocked', identity);
      return identity;
    } catch (e) {
      this.pin = await s.pinState().catch(() => this.pin);
      throw e;
    }
  }

  async logout(): Promise<void> {
    await this.session?.logout();
    this.unitId = null;
  }

  async sign(data: Uint8Array, includeCertificate = false): Promise<SignatureEnvelope> {
    if (!this.session) throw new KeyError('KEY_REMOVED', '电子编制管理证（USB 密钥）已拔出。请重新插入密钥，再输入 PIN 码登录。');
    return this.session.sign(data, { includeCertificate });
  }

  /** Who the inserted key says it is, read from its certificate without a login (for preloading only). */
  async peekIdentity(): Promise<KeyIdentity | null> {
    if (this.opening) await this.opening;
    try {
      return (await this.session?.key.getIdentity({ allowInvalid: true })) ?? null;
    } catch {
      return null;
    }
  }

  async certificatePem(): Promise<string | null> {
    return this.session ? this.session.key.certificatePem() : null;
  }

  status(): KeyStatus {
    const s = this.session;
    const id = this.identity;
    const pinLocked = this.pin?.locked === true;
    return {
      state: !s ? 'absent' : pinLocked ? 'pinLocked' : s.isUnlocked ? 'loggedIn' : 'present',
      kind: s ? s.key.kind : null,
      displayName: s ? s.key.displayName : (this.presence?.name ?? ''),
      pin: this.pin ? { countLow: this.pin.countLow, finalTry: this.pin.finalTry, locked: this.pin.locked } : null,
      identity: id
        ? {
            unitName: id.unitName,
            holderName: id.holderName,
            creditCode: id.creditCode,
            role: id.role,
            serial: id.serial,
            notAfter: id.notAfter.toISOString(),
            demo: id.demo,
          }
        : null,
      unitId: this.currentUnitId,
      message: this.lastMessage,
    };
  }
}
