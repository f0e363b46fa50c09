/**
 * Checking a message against its schema where it is received. Uses TypeBox's interpreter
 * (`Value.Check`), not the compiler: the renderer's CSP forbids eval, and one checker everywhere keeps
 * both sides giving the same answer.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CLIENT_API, isChannel, type Channel, type RequestOf, type ResponseOf } from './channels';
import { ApiError } from './errors';
import { CLIENT_EVENTS, isEventName, type EventName, type EventOf } from './events';

function describe(schema: TSchema, value: unknown): string {
  const first = Value.Errors(schema, value).First();
  if (!first) return '';
  const where = first.path === '' ? '（整体）' : first.path;
  return `${where}：${first.message}`;
}

export function checkValue<T extends TSchema>(schema: T, value: unknown, what: string): Static<T> {
  if (Value.Check(schema, value)) return value as Static<T>;
  throw new ApiError('BAD_MESSAGE', `${what}的数据格式不正确 ${describe(schema, value)}`);
}

export function checkRequest<C extends Channel>(channel: C, payload: unknown): RequestOf<C> {
  return checkValue(CLIENT_API[channel].request, payload, `请求 ${channel} `) as RequestOf<C>;
}

export function checkResponse<C extends Channel>(channel: C, payload: unknown): ResponseOf<C> {
  return checkValue(CLIENT_API[channel].response, payload, `应答 ${channel} `) as ResponseOf<C>;
}

export function checkEvent<E extends EventName>(event: E, payload: unknown): EventOf<E> {
  return checkValue(CLIENT_EVENTS[event], payload, `事件 ${event} `) as EventOf<E>;
}

export function assertChannel(v: unknown): Channel {
  if (!isChannel(v)) throw new ApiError('UNKNOWN_CHANNEL', `未知的接口：${String(v).slice(0, 60)}`);
  return v;
}

export function assertEventName(v: unknown): EventName {
  if (!isEventName(v)) throw new ApiError('BAD_MESSAGE', `未知的事件：${String(v).slice(0, 60)}`);
  return v;
}
