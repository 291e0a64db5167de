// The preload exposes exactly the NetwrightApi as window.netwright (functions only, no
// ipcRenderer), unwraps replies, turns refusals into rejections, and passes events without the
// IpcRendererEvent.
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/ipc.ts';

const fake = await vi.hoisted(async () => (await import('./fakes/fakeElectron.ts')).createFakeElectron('/nowhere'));
vi.mock('electron', () => fake.module);
await import('../../electron/preload.ts');
const { state } = fake;

describe('preload', () => {
  it('exposes one object, "netwright", with a function per channel plus onEvent and nothing else', () => {
    expect(state.exposed.map(([key]) => key)).toEqual(['netwright']);
    const api = state.exposed[0]![1] as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...CHANNELS, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.values(api)).not.toContain(fake.module.ipcRenderer);
  });

  it('invokes the channel and unwraps the value; a refusal rejects with its message', async () => {
    const api = state.exposed[0]![1] as Record<string, (r: unknown) => Promise<unknown>>;
    state.invokeReply = (channel) => (channel === 'app:info' ? { ok: true, value: { mode: 'electron' } } : { ok: false, error: 'project:open: path: bad' });
    expect(await api['app:info']!({})).toEqual({ mode: 'electron' });
    expect(state.invoked.at(-1)).toEqual(['app:info', [{}]]);
    await expect(api['project:open']!({ path: 1 })).rejects.toThrow('project:open: path: bad');
    state.invokeReply = () => undefined;
    await expect(api['project:recent']!({})).rejects.toThrow(/no answer/);
  });

  it('onEvent hands listeners the event only, and unsubscribes', () => {
    const api = state.exposed[0]![1] as { onEvent(l: (e: unknown) => void): () => void };
    const seen: unknown[][] = [];
    const stop = api.onEvent((...args) => seen.push(args));
    const fire = (payload: unknown) => (state.rendererListeners.get('netwright:event') ?? []).forEach((l) => l({ sender: 'ipc-event-with-sender' }, payload));
    fire({ type: 'menu', command: 'new' });
    stop();
    fire({ type: 'menu', command: 'open' });
    expect(seen).toEqual([[{ type: 'menu', command: 'new' }]]);
  });
});
