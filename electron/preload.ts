/**
 * The preload script (sandboxed, bundled to dist/electron/preload.cjs): exposes exactly the
 * NetwrightApi as window.netwright. No ipcRenderer, no Node: the page gets functions only.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridgeApi } from './bridge.ts';

contextBridge.exposeInMainWorld('netwright', buildBridgeApi(ipcRenderer));
