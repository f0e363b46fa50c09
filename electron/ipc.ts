/**
 * The IPC bridge: one invoke channel for calls, one send channel for events. The sender is checked
 * (our page, our window's top frame) before the payload is even looked at; the payload is then checked
 * against the contract by the client's `call`.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { BridgeEnvelope } from '../domain/contract/bridge';
import { IPC_CALL, IPC_EVENT } from '../domain/contract/bridge';
import { ApiError } from '../domain/contract/errors';
import type { Client } from '../client/client-api';
import { toApiError } from '../client/client-api';
import { isTrustedSender } from './security';

export function wireIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, client: Pick<Client, 'call' | 'onEvent'>, target: () => WebContents | null): () => void {
  ipcMain.handle(IPC_CALL, async (event: IpcMainInvokeEvent, channel: unknown, payload: unknown): Promise<BridgeEnvelope> => {
    const wc = target();
    if (!wc || event.sender !== wc || !isTrustedSender(event.senderFrame, wc.mainFrame)) {
      return { ok: false, error: new ApiError('BAD_MESSAGE', '拒绝来自未知页面的请求').toJSON() };
    }
    try {
      return { ok: true, value: await client.call(channel, payload) };
    } catch (e) {
      return { ok: false, error: toApiError(e).toJSON() };
    }
  });
  const off = client.onEvent((event, payload) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(IPC_EVENT, event, payload);
  });
  return () => {
    off();
    ipcMain.removeHandler(IPC_CALL);
  };
}
