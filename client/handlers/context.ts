/**
 * What the handler slices of `createClient` share: the services it assembled and a few helpers.
 * Each slice (client/handlers/*.ts) takes the part it needs and answers some channels of the
 * contract; `createClient` spreads them into one map checked complete against ClientApiHandlers.
 */
import type { Store } from '../../db/index';
import type { Channel, ClientApiHandlers } from '../../domain/contract/channels';
import type { KeyGate } from '../key-gate';
import type { PhotoService } from '../photos/photo-service';
import type { RequestFiling } from '../request-filing';
import type { SyncClient } from '../sync-client';
import type { CurrentUnit } from './current-unit';

/** The handlers of some channels of the contract, each typed as the contract says. */
export type HandlerSlice<C extends Channel> = Pick<ClientApiHandlers, C>;

/** The areas a `data:changed` event names. */
export type ChangedArea = 'replica' | 'requests' | 'drafts' | 'prints';

export interface ClientContext {
  store: Store;
  gate: KeyGate;
  sync: SyncClient;
  photos: PhotoService;
  filing: RequestFiling;
  unit: CurrentUnit;
  now: () => Date;
  /** Today's business date (China Standard Time). */
  today: () => string;
  /** Tells the windows which data changed. */
  changed: (...areas: ChangedArea[]) => void;
  /** Uploads pending photos, then syncs, when a server is configured and the key is logged in. */
  pushSoon: () => void;
}
