/**
 * Runs sandboxed before the page: exposes exactly two named methods as `window.ebz` — no ipcRenderer,
 * no generic send. Everything it passes is checked again in the main process.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL, IPC_EVENT, type BridgeEnvelope, type EbzBridge } from '../domain/contract/bridge';

const bridge = {
  call: (channel: string, payload: unknown) => ipcRenderer.invoke(IPC_CALL, String(channel), payload) as Promise<BridgeEnvelope>,
  onEvent(listener: (event: string, payload: unknown) => void) {
    const handler = (_e: IpcRendererEvent, event: string, payload: unknown) => listener(event, payload);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
} satisfies EbzBridge;

contextBridge.exposeInMainWorld('ebz', bridge);
