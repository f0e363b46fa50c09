/**
 * The session rules around one key (KeyService), as the Electron main process uses them:
 * - login passes the PIN through once; a wrong PIN is reported and never retried automatically;
 * - `pinState()` lets the UI warn before submit when the next wrong PIN locks the key;
 * - removal (from any presence watcher) or a device-removed / session-invalid error drops every
 *   session and emits `key:locked` at once — well within the 2 s the UI promises;
 * - events carry codes and Chinese messages, never the PIN.
 */
import { EventEmitter } from 'node:events';
import { KeyError, MESSAGES, toKeyError } from './key-errors';
import type { KeyIdentity, KeyService, PinState, SignatureEnvelope, SignOptions } from './key-types';
import type { KeyPresence, PresenceEvents } from './key-watcher';
import { nativeLogger, type Logger } from './logger';

export type LockReason = 'removed' | 'session-invalid' | 'logout';

export interface KeyLocked {
  reason: LockReason;
  /** What the UI shows on the lock screen. */
  message: string;
  at: Date;
}

export interface KeySessionEvents {
  'key:unlocked': [KeyIdentity];
  'key:locked': [KeyLocked];
  /** A login was refused; `pin` tells the UI whether the next attempt is the last one. */
  'key:login-failed': [{ code: KeyError['code']; message: string; pin?: PinState }];
}

export class KeySession extends EventEmitter<KeySessionEvents> {
  private readonly log: Logger;
  private unlocked = false;
  private identity: KeyIdentity | null = null;
  private readonly detach: Array<() => void> = [];

  constructor(
    readonly key: KeyService,
    options: { presence?: Array<EventEmitter<PresenceEvents>>; logger?: Logger } = {},
  ) {
    super();
    this.log = (options.logger ?? nativeLogger()).child({ component: 'key-session' });
    for (const source of options.presence ?? []) {
      const onRemoved = (k: KeyPresence) => this.onRemoved(k);
      source.on('key:removed', onRemoved);
      this.detach.push(() => source.off('key:removed', onRemoved));
    }
  }

  get isUnlocked(): boolean {
    return this.unlocked;
  }

  get currentIdentity(): KeyIdentity | null {
    return this.identity;
  }

  /** For the PIN dialog: show "最后一次机会" before the user submits when `finalTry` is set. */
  async pinState(): Promise<PinState> {
    return this.guard(() => this.key.pinState());
  }

  /** One attempt. The identity is checked (validity) before the session counts as unlocked. */
  async login(pin: string): Promise<KeyIdentity> {
    try {
      await this.key.login(pin);
    } catch (e) {
      const err = toKeyError(e);
      let pinState: PinState | undefined;
      try {
        pinState = await this.key.pinState();
      } catch {
        pinState = undefined;
      }
      this.emit('key:login-failed', { code: err.code, message: err.message, pin: pinState });
      if (err.code === 'KEY_REMOVED' || err.code === 'SESSION_INVALID') this.lock(err.code === 'KEY_REMOVED' ? 'removed' : 'session-invalid');
      throw err;
    }
    try {
      this.identity = await this.key.getIdentity();
    } catch (e) {
      await this.key.logout();
      throw toKeyError(e);
    }
    this.unlocked = true;
    this.emit('key:unlocked', this.identity);
    return this.identity;
  }

  async sign(data: Uint8Array, options?: SignOptions): Promise<SignatureEnvelope> {
    if (!this.unlocked) throw new KeyError('NOT_LOGGED_IN', MESSAGES.notLoggedIn);
    return this.guard(() => this.key.sign(data, options));
  }

  async logout(): Promise<void> {
    await this.key.logout();
    if (this.unlocked) this.lock('logout');
  }

  /** Drops every session and tells the UI to lock. Idempotent. */
  lock(reason: LockReason): void {
    this.key.dropSessions();
    const wasUnlocked = this.unlocked;
    this.unlocked = false;
    this.identity = null;
    const message = reason === 'removed' ? MESSAGES.keyRemoved : reason === 'session-invalid' ? MESSAGES.sessionInvalid : '已退出登录。';
    this.log.info({ reason, wasUnlocked }, 'key locked');
    this.emit('key:locked', { reason, message, at: new Date() });
  }

  dispose(): void {
    for (const off of this.detach.splice(0)) off();
    this.removeAllListeners();
  }

  private onRemoved(k: KeyPresence): void {
    this.log.info({ source: k.source, key: k.id }, 'presence says key removed');
    this.lock('removed');
  }

  /** Any call: a vanished device or session locks before the error reaches the caller. */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const err = toKeyError(e);
      if (err.code === 'KEY_REMOVED') this.lock('removed');
      else if (err.code === 'SESSION_INVALID') this.lock('session-invalid');
      throw err;
    }
  }
}
