/**
 * The logged-in unit's replica view, shared by the handler slices: which unit the key is working for,
 * the view over its subtree and its staff lists (rebuilt when the unit changes), and the memoised
 * alarms. Also warms the view while the officer types the PIN.
 */
import type { Logger } from 'pino';
import type { Store } from '../../db/index';
import { ApiError } from '../../domain/contract/errors';
import type { KeyGate } from '../key-gate';
import { alarmViews, StaffLists } from '../queries';
import { ReplicaView } from '../replica-view';

export interface CurrentUnitDeps {
  store: Store;
  gate: KeyGate;
  today: () => string;
  /** Staff whose departure is filed but not yet decided (they raise no alarm twice). */
  departureFiled: () => Set<string>;
  log: Logger;
}

export class CurrentUnit {
  private view: ReplicaView | null = null;
  private lists: StaffLists | null = null;
  // Alarms over tens of thousands of staff take a while; they only change with the replica or the filed departures.
  private alarmMemo: { key: string; alarms: ReturnType<typeof alarmViews> } | null = null;

  constructor(private readonly d: CurrentUnitDeps) {}

  /** The unit the key works for; a Chinese NOT_FOUND when locked or the replica lacks it. */
  unitId = (): string => {
    const id = this.d.gate.currentUnitId;
    if (!id) {
      throw new ApiError(
        'NOT_FOUND',
        this.d.gate.loggedIn
          ? '本机还没有本单位的数据。请连接编办服务器，在“同步”页点击“立即同步”下载本单位数据。'
          : '请先插入电子编制管理证并输入 PIN 码登录。',
      );
    }
    return id;
  };

  private viewOf(id: string): ReplicaView {
    if (!this.view || this.view.unitId !== id) {
      this.view = new ReplicaView(this.d.store, id, this.d.today);
      this.lists = new StaffLists(this.view);
    }
    return this.view;
  }

  current = (): ReplicaView => this.viewOf(this.unitId());

  staffLists = (): StaffLists => {
    this.current();
    return this.lists!;
  };

  alarms = () => {
    const v = this.current();
    const filed = this.d.departureFiled();
    const today = this.d.today();
    const key = `${v.unitId}|${v.currentVersion}|${today}|${[...filed].sort().join(',')}`;
    if (this.alarmMemo?.key !== key) this.alarmMemo = { key, alarms: alarmViews(v, filed, today) };
    return this.alarmMemo.alarms;
  };

  /** The replica changed under the view. */
  invalidate(): void {
    this.view?.invalidate();
  }

  /**
   * Reads unit `id` into memory ahead of login, so the home screen is ready the moment the PIN is
   * accepted. Nothing is served from it before login.
   */
  warm(id: string): void {
    try {
      const view = this.viewOf(id);
      view.scope();
      // The staff list's default order (by name, pinyin collation) is the slowest first answer.
      this.lists!.all({ scope: 'subtree' });
    } catch (e) {
      this.d.log.debug({ err: e instanceof Error ? e.message : String(e) }, 'preload skipped');
    }
  }
}
