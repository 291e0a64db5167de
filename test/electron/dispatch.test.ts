// Every payload goes through its channel's schema before a handler runs; whatever arrives, the
// answer is a reply (value or a message naming channel and field), never a throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/dispatch.ts';
import { CHANNELS, type Handlers } from '../../shared/ipc.ts';

/** Handlers that record what reached them. */
function recordingHandlers(calls: Array<[string, unknown]>): Handlers {
  return Object.fromEntries(CHANNELS.map((c) => [c, async (req: unknown) => (calls.push([c, req]), { echoed: c })])) as unknown as Handlers;
}

describe('dispatch', () => {
  it('passes a valid payload to its handler', async () => {
    const calls: Array<[string, unknown]> = [];
    expect(await dispatch(recordingHandlers(calls), 'project:open', { path: '/a.json' })).toEqual({ ok: true, value: { echoed: 'project:open' } });
    expect(calls).toEqual([['project:open', { path: '/a.json' }]]);
  });

  it.each([
    ['project:open', { path: 42 }, /project:open: path: .*expected string/i],
    ['project:open', { path: '' }, /project:open: path:/],
    ['project:save', { path: '/a.json' }, /project:save: project:/],
    ['templates:load', { id: '' }, /templates:load: id:/],
    ['app:set-dirty', { dirty: 'yes' }, /app:set-dirty: dirty:/],
    ['recovery:write', {}, /recovery:write: project:/],
    ['fs:list', 'just a string', /fs:list: payload:/],
  ])('%s with %j is refused before the handler', async (channel, payload, message) => {
    const calls: Array<[string, unknown]> = [];
    const reply = await dispatch(recordingHandlers(calls), channel, payload);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(message);
    expect(calls).toEqual([]);
  });

  it.each(['no:such', '__proto__', 'constructor', 'toString', ''])('unknown channel %j is refused', async (channel) => {
    const reply = await dispatch(recordingHandlers([]), channel, {});
    expect(reply).toEqual({ ok: false, error: `unknown channel "${channel}"` });
  });

  it('a handler that throws becomes an error reply naming the channel', async () => {
    const handlers = { ...recordingHandlers([]), 'project:recent': async () => Promise.reject(new Error('disk on fire')) } as Handlers;
    expect(await dispatch(handlers, 'project:recent', {})).toEqual({ ok: false, error: 'project:recent failed: disk on fire' });
  });

  it('property: any channel name and any payload gives a reply, never a throw', async () => {
    const handlers = recordingHandlers([]);
    const channel = fc.oneof(fc.constantFrom(...CHANNELS), fc.string());
    await fc.assert(
      fc.asyncProperty(channel, fc.anything({ withObjectString: true, withNullPrototype: true }), async (c, payload) => {
        const reply = await dispatch(handlers, c, payload);
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) expect(reply.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
