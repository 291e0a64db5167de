// Property tests of every IPC payload against the real backend handlers (in a scratch folder):
// for each channel of shared/ipc.ts, random and shape-aware payloads, payloads carrying __proto__ /
// constructor / prototype, and special files (devices, folders) all get a reply, a value or an
// error naming the channel, never a throw or a hang, and nothing reaches Object.prototype. The
// same holds for browser mode's WebSocket messages and for Electron's ipcMain wiring.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { handleMessage } from '../../electron/browserServer.ts';
import { dispatch, type Reply } from '../../electron/backend/dispatch.ts';
import { createHandlers } from '../../electron/backend/handlers.ts';
import { registerIpcHandlers, type InvokeEventLike } from '../../electron/ipcMain.ts';
import { CHANNELS, parseRequest, REQUESTS, type Channel } from '../../shared/ipc.ts';
import { hostileJson, noPollution } from './helpers/arbitraries.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const sandbox = mkdtempSync(join(tmpdir(), 'nw-ipc-prop-'));
mkdirSync(join(sandbox, 'work'));
const common = { version: 'prop', userDataDir: join(sandbox, 'user'), templatesDir: join(ROOT, 'templates'), home: join(sandbox, 'work') };
const backends = [
  createHandlers({ mode: 'browser', ...common }),
  // Electron mode: native dialogs present (answering "cancelled") and window controls.
  createHandlers({ mode: 'electron', ...common, dialogs: { showOpen: async () => null, showSave: async () => null }, window: { setDirty: () => undefined, confirmClose: () => undefined } }),
];

afterEach(noPollution);

/** Saves may only write inside the sandbox: any string `path` of project:save is moved into it. */
function confine(channel: string, payload: unknown): unknown {
  if (channel !== 'project:save' || payload === null || typeof payload !== 'object' || typeof (payload as { path?: unknown }).path !== 'string') return payload;
  const name = basename((payload as { path: string }).path).replace(/\0/g, '') || 'x';
  return { ...(payload as object), path: join(sandbox, 'work', name) };
}

function expectReply(channel: string, reply: Reply): void {
  expect(typeof reply.ok).toBe('boolean');
  if (reply.ok) expect(() => JSON.stringify(reply.value)).not.toThrow();
  else {
    expect(reply.error.startsWith(channel) || reply.error.startsWith('unknown channel')).toBe(true);
    expect(reply.error.length).toBeGreaterThan(channel.length + 2);
  }
}

const specialPaths = fc.constantFrom('/dev/zero', '/dev/null', '/dev/urandom', '/', '.', '..', '/etc/passwd', '/proc/self/status', join(sandbox, 'work'), 'x'.repeat(4096), '\u0000', 'C:\\Windows', '~/model.json');
const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 30 }), specialPaths, hostileJson);
const smallProject = fc.record({ schemaVersion: fc.constantFrom(1, 1, 2, '1'), name: fc.string({ maxLength: 10 }), nodes: fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), kind: fc.constantFrom('Input', 'Dense', 'Nope') }), { maxLength: 3 }), edges: fc.constant([]) }, { requiredKeys: ['schemaVersion', 'nodes', 'edges'] });

/** Payloads shaped like the channel's schema with random values in its fields, plus anything at all. */
function payloadFor(channel: Channel): fc.Arbitrary<unknown> {
  // An object schema has a shape; a union of objects (train:weights-source) has options, each with one.
  const schema = REQUESTS[channel] as unknown as { shape?: Record<string, unknown>; options?: { shape?: Record<string, unknown> }[] };
  const shapes = schema.shape ? [schema.shape] : (schema.options ?? []).map((o) => o.shape ?? {});
  const fields = [...new Set(shapes.flatMap((s) => Object.keys(s)))];
  const fieldValue = (field: string) => (field === 'project' ? fc.oneof(smallProject, value) : field === 'path' ? fc.oneof(specialPaths, fc.string({ maxLength: 40 }), value) : field === 'id' ? fc.oneof(fc.constantFrom('happy_model', 'lenet5', '../package', '..'), fc.string({ maxLength: 20 })) : value);
  const shaped = fields.length === 0 ? fc.constant({}) : fc.record(Object.fromEntries(fields.map((f) => [f, fieldValue(f)])), { requiredKeys: [] });
  return fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 1, arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }) }, { weight: 1, arbitrary: hostileJson });
}

describe('every channel, real handlers', () => {
  it.each(CHANNELS.filter((c) => c !== 'app:confirm-close'))('property: %s answers any payload with a reply', async (channel) => {
    await fc.assert(
      fc.asyncProperty(payloadFor(channel), fc.nat({ max: 1 }), async (payload, which) => {
        const reply = await dispatch(backends[which]!, channel, confine(channel, payload));
        expectReply(channel, reply);
      }),
      { numRuns: channel === 'templates:load' ? 40 : 80 },
    );
  });

  it('app:confirm-close answers any payload (its window control is a stand-in)', async () => {
    await fc.assert(fc.asyncProperty(payloadFor('app:confirm-close'), async (payload) => expectReply('app:confirm-close', await dispatch(backends[1]!, 'app:confirm-close', payload))), { numRuns: 50 });
  });

  it('devices and folders are refused by project:open with a message, at once', async () => {
    for (const path of ['/dev/zero', '/dev/urandom', '/dev/null', join(sandbox, 'work')]) {
      const reply = await dispatch(backends[0]!, 'project:open', { path });
      expect(reply.ok && (reply.value as { ok: boolean }).ok).toBe(false);
      expect(reply.ok && (reply.value as { message: string }).message).toMatch(/not a regular file|is a folder/);
    }
  });
});

describe('prototype pollution', () => {
  const planted = fc.constantFrom('__proto__', 'constructor', 'prototype').chain((key) =>
    fc.tuple(fc.constant(key), fc.constantFrom(...CHANNELS), fc.constantFrom('top', 'project', 'project.nodes[0]', 'project.nodes[0].params', 'params')),
  );

  it('property: a polluting key anywhere in a payload is refused with its path and pollutes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(planted, async ([key, channel, where]) => {
        const inner = `{"${key}":{"polluted":true},"prototype":{"polluted":true}}`;
        const project = (n: string) => `{"schemaVersion":1,"nodes":[{"id":"a","kind":"Input","params":${where === 'project.nodes[0].params' ? inner : '{}'}${n}}],"edges":[]${where === 'project' ? `,"x":${inner}` : ''}}`;
        const text =
          where === 'top' ? inner
          : where === 'params' ? `{"id":"happy_model","params":${inner}}`
          : `{"project":${project(where === 'project.nodes[0]' ? `,"extra":${inner}` : '')},"path":null}`;
        const payload = JSON.parse(text);
        const reply = await dispatch(backends[0]!, channel, payload);
        expectReply(channel, reply);
        expect(reply.ok).toBe(false);
        // Where the schema alone would have let it through, the planted key is what gets it refused.
        if (parseRequest(channel, payload).ok) expect(!reply.ok && reply.error).toMatch(new RegExp(`refusing key "(${key}|prototype)"`));
      }),
      { numRuns: 200 },
    );
  });

  it('property: browser mode\'s WebSocket messages, any text, always get one reply', async () => {
    const message = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.record({ id: fc.oneof(fc.integer(), fc.jsonValue({ maxDepth: 1 })), channel: fc.oneof(fc.constantFrom(...CHANNELS, '__proto__', 'constructor', 'toString'), fc.string()), payload: payloadFor('fs:list') }, { requiredKeys: [] }).map((m) => JSON.stringify(m)),
      fc.constantFrom('{"id":1,"channel":"app:info","payload":{"__proto__":{"polluted":true}}}', '{"__proto__":{"polluted":true},"id":2,"channel":"app:info"}', '{"id":3,"channel":"constructor","payload":{}}'),
    );
    await fc.assert(
      fc.asyncProperty(message, async (text) => {
        const reply = await handleMessage(backends[0]!, text);
        expect(typeof reply.ok).toBe('boolean');
        expect(reply.id === null || typeof reply.id === 'number').toBe(true);
        if (!reply.ok) expect(reply.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('property: Electron\'s ipcMain wiring answers any event and payload without throwing', async () => {
    const registered = new Map<string, (event: InvokeEventLike, payload: unknown) => Promise<unknown>>();
    registerIpcHandlers({ handle: (c, l) => registered.set(c, l), removeHandler: (c) => registered.delete(c) }, backends[0]!, (event) => event.senderFrame?.url === 'app://netwright/index.html');
    const event = fc.record({ sender: fc.anything({ maxDepth: 1 }), senderFrame: fc.option(fc.record({ url: fc.oneof(fc.constant('app://netwright/index.html'), fc.webUrl(), fc.string()), parent: fc.constantFrom(null, {}) }), { nil: null }) });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CHANNELS.filter((c) => c !== 'project:save')), event, hostileJson, async (channel, ev, payload) => {
        const reply = (await registered.get(channel)!(ev as InvokeEventLike, payload)) as Reply;
        expectReply(channel, reply);
      }),
      { numRuns: 200 },
    );
  });
});
