// A stand-in for the `electron` module (no Electron binary runs here): it records what the main
// process and the preload do with it, and lets tests fire the events Electron would fire.
import { EventEmitter } from 'node:events';

type Listener = (...args: any[]) => unknown;

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: Array<[string, unknown]> = [];
  crashed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isCrashed() {
    return this.crashed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  destroyed = false;
  closeCalls = 0;
  documentEdited = false;
  constructor(readonly options: Record<string, any>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  /** Like Electron: emits 'close' (cancellable); closes unless prevented. */
  close() {
    this.closeCalls++;
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.destroyed = true;
      this.emit('closed');
    }
    return !prevented;
  }
  isDestroyed() {
    return this.destroyed;
  }
  setDocumentEdited(edited: boolean) {
    this.documentEdited = edited;
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
}

export function createFakeElectron(appPath: string) {
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  const state = {
    isReady: false,
    privilegedSchemes: [] as unknown[],
    schemesRegisteredBeforeReady: null as boolean | null,
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    ipcHandlers: new Map<string, Listener>(),
    appListeners: new Map<string, Listener[]>(),
    menuTemplate: null as any[] | null,
    sandboxEnabled: false,
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    openedExternal: [] as string[],
    dialogCalls: [] as Array<[string, unknown[]]>,
    dialogAnswer: { canceled: true, filePaths: [] as string[], filePath: undefined as string | undefined },
    exposed: [] as Array<[string, unknown]>,
    rendererListeners: new Map<string, Listener[]>(),
    invoked: [] as Array<[string, unknown[]]>,
    invokeReply: null as ((channel: string, args: unknown[]) => unknown) | null,
    forked: [] as unknown[][],
    errorBoxes: [] as Array<[string, string]>,
  };
  const app = {
    getAppPath: () => appPath,
    getVersion: () => '0.1.0',
    isPackaged: false,
    enableSandbox: () => (state.sandboxEnabled = true),
    requestSingleInstanceLock: () => true,
    quit: () => undefined,
    whenReady: () => ready,
    on(event: string, listener: Listener) {
      state.appListeners.set(event, [...(state.appListeners.get(event) ?? []), listener]);
      return app;
    },
  };
  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    protocol: {
      registerSchemesAsPrivileged(schemes: unknown[]) {
        state.privilegedSchemes.push(...schemes);
        state.schemesRegisteredBeforeReady = !state.isReady;
      },
      handle(scheme: string, handler: (request: Request) => Promise<Response>) {
        state.protocolHandlers.set(scheme, handler);
      },
    },
    ipcMain: {
      handle(channel: string, listener: Listener) {
        if (state.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        state.ipcHandlers.set(channel, listener);
      },
      removeHandler(channel: string) {
        state.ipcHandlers.delete(channel);
      },
    },
    Menu: {
      buildFromTemplate: (template: any[]) => ({ template }),
      setApplicationMenu: (menu: { template: any[] }) => (state.menuTemplate = menu.template),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Listener) => (state.permissionRequest = h),
        setPermissionCheckHandler: (h: Listener) => (state.permissionCheck = h),
      },
    },
    shell: { openExternal: async (url: string) => void state.openedExternal.push(url) },
    dialog: {
      showOpenDialog: async (...args: unknown[]) => (state.dialogCalls.push(['open', args]), state.dialogAnswer),
      showSaveDialog: async (...args: unknown[]) => (state.dialogCalls.push(['save', args]), state.dialogAnswer),
      showErrorBox: (title: string, content: string) => void state.errorBoxes.push([title, content]),
    },
    // main.ts hands utilityProcess to the trainer and evaluation spawners; no test here starts one.
    utilityProcess: {
      fork(...args: unknown[]) {
        state.forked.push(args);
        throw new Error('the fake electron starts no utility processes');
      },
    },
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => state.exposed.push([key, value]) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => (state.invoked.push([channel, args]), state.invokeReply?.(channel, args)),
      on(channel: string, listener: Listener) {
        state.rendererListeners.set(channel, [...(state.rendererListeners.get(channel) ?? []), listener]);
      },
      removeListener(channel: string, listener: Listener) {
        state.rendererListeners.set(channel, (state.rendererListeners.get(channel) ?? []).filter((l) => l !== listener));
      },
    },
  };
  return {
    module: { ...module, default: module },
    state,
    async makeReady() {
      state.isReady = true;
      markReady();
      await ready;
      await new Promise((r) => setTimeout(r, 0));
    },
    emitApp(event: string, ...args: unknown[]) {
      for (const l of state.appListeners.get(event) ?? []) l(...args);
    },
  };
}
