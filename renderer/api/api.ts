/**
 * The window's typed API: `api.call('home:summary', {})` is typed from the contract, and every answer
 * and event is checked against the contract's schema before a screen sees it.
 */
import { CLIENT_API, type Channel, type RequestOf, type ResponseOf } from '../../domain/contract/channels';
import { checkEvent, checkResponse } from '../../domain/contract/check';
import { ApiError } from '../../domain/contract/errors';
import { isEventName, type EventName, type EventOf } from '../../domain/contract/events';
import { ipcTransport, type Transport } from './transport';
import { wsTransport } from './ws-transport';

type Listener = (event: EventName, payload: unknown) => void;

export class Api {
  private readonly listeners = new Set<Listener>();

  constructor(readonly transport: Transport) {
    transport.onEvent((event, payload) => {
      if (!isEventName(event)) return;
      let checked: unknown;
      try {
        checked = checkEvent(event, payload);
      } catch {
        return;
      }
      this.listeners.forEach((l) => l(event, checked));
    });
  }

  async call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
    if (!Object.hasOwn(CLIENT_API, channel)) throw new ApiError('UNKNOWN_CHANNEL', `未知的接口 ${channel}`);
    const env = await this.transport.call(channel, payload);
    if (!env.ok) throw ApiError.from(env.error);
    return checkResponse(channel, env.value);
  }

  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
    const l: Listener = (e, p) => {
      if (e === event) listener(p as EventOf<E>);
    };
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  onAny(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export const api = new Api(typeof window !== 'undefined' && window.ebz ? ipcTransport(window.ebz) : wsTransport());
