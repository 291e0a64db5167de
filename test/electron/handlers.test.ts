// The backend handlers through dispatch (as both transports call them): open, save, recent files,
// recovery journal, folder listing, templates, app info, and the dialog dependency.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers, NO_DIALOG_MESSAGE, type Dialogs } from '../../electron/backend/handlers.ts';
import { dispatch, type Reply } from '../../electron/backend/dispatch.ts';
import { backupPath } from '../../electron/backend/atomicWrite.ts';

const TEMPLATES = resolve(import.meta.dirname, '../../templates');
const happy = JSON.parse(readFileSync(join(TEMPLATES, 'happy_model.json'), 'utf8')) as Record<string, unknown>;

function setup(dialogs?: Dialogs) {
  const root = mkdtempSync(join(tmpdir(), 'nw-handlers-'));
  const userDataDir = join(root, 'user-data');
  const work = join(root, 'work');
  mkdirSync(work);
  const handlers = createHandlers({ mode: 'browser', version: '9.9.9', userDataDir, templatesDir: TEMPLATES, home: work, fallbackReason: 'no binary', ...(dialogs ? { dialogs } : {}) });
  const call = async (channel: string, payload: unknown): Promise<any> => {
    const reply: Reply = await dispatch(handlers, channel, payload);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  return { root, work, userDataDir, handlers, call };
}

describe('project:save and project:open', () => {
  it('saves a project, opens it back equal, and lists it in recent files', async () => {
    const { work, call } = setup();
    const file = join(work, 'happy.json');
    expect(await call('project:save', { project: happy, path: file })).toEqual({ ok: true, path: file });
    const opened = await call('project:open', { path: file });
    expect(opened.ok).toBe(true);
    expect(opened.project.nodes.map((n: { id: string }) => n.id)).toEqual((happy.nodes as Array<{ id: string }>).map((n) => n.id));
    expect(opened.project.description).toBe(happy.description); // unknown fields are kept
    expect(await call('project:recent', {})).toEqual([file]);
  });

  it('an invalid project is not written and the file on disk is unchanged', async () => {
    const { work, call } = setup();
    const file = join(work, 'm.json');
    await call('project:save', { project: happy, path: file });
    const before = readFileSync(file, 'utf8');
    const bad = { ...happy, nodes: [{ id: 'a', kind: 'Input', position: { x: 'left', y: 0 } }] };
    const result = await call('project:save', { project: bad, path: file });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/nodes\[0\]\.position\.x/);
    expect(result.message).toMatch(/was not changed/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('repeated saves keep three backups of the previous versions', async () => {
    const { work, call } = setup();
    const file = join(work, 'm.json');
    for (const name of ['a', 'b', 'c', 'd']) await call('project:save', { project: { ...happy, name }, path: file });
    expect([1, 2, 3].map((n) => JSON.parse(readFileSync(backupPath(file, n), 'utf8')).name)).toEqual(['c', 'b', 'a']);
  });

  it.each([
    ['a missing file', (w: string) => join(w, 'nope.json'), /no such file/],
    ['a folder', (w: string) => w, /it is a folder/],
    ['broken JSON', (w: string) => (writeFileSync(join(w, 'b.json'), '{"schemaVersion": 1,'), join(w, 'b.json')), /not valid JSON/],
    ['a newer schemaVersion', (w: string) => (writeFileSync(join(w, 'n.json'), JSON.stringify({ ...happy, schemaVersion: 99 })), join(w, 'n.json')), /newer Netwright/],
    ['a polluting key', (w: string) => (writeFileSync(join(w, 'p.json'), '{"schemaVersion":1,"nodes":[],"edges":[],"__proto__":{"x":1}}'), join(w, 'p.json')), /refusing key "__proto__"/],
  ])('opening %s gives a message naming the file', async (_label, make, pattern) => {
    const { work, call } = setup();
    const path = make(work);
    const result = await call('project:open', { path });
    expect(result.ok).toBe(false);
    expect(result.message).toContain(path);
    expect(result.message).toMatch(pattern);
    expect(await call('project:recent', {})).toEqual([]);
  });

  it('without a path and without native dialogs, asks the UI to use its own dialog', async () => {
    const { call, work } = setup();
    expect(await call('project:open', {})).toEqual({ ok: false, message: NO_DIALOG_MESSAGE });
    expect(await call('project:save', { project: happy })).toEqual({ ok: false, message: NO_DIALOG_MESSAGE });
    expect(await call('project:save', { project: happy, saveAs: true })).toEqual({ ok: false, message: NO_DIALOG_MESSAGE });
    // Browser mode's Save As: the UI asked with its own dialog and sends the answer.
    const file = join(work, 'as.json');
    expect(await call('project:save', { project: happy, path: file, saveAs: true })).toEqual({ ok: true, path: file });
  });

  it('uses the dialogs when given: a chosen path is used, a cancel is reported as cancelled', async () => {
    const answers: Array<string | null> = [];
    const asked: string[] = [];
    const dialogs: Dialogs = {
      showOpen: async () => answers.shift() ?? null,
      showSave: async (suggested) => (asked.push(suggested), answers.shift() ?? null),
    };
    const { work, call } = setup(dialogs);
    const file = join(work, 'chosen.json');
    answers.push(file);
    expect(await call('project:save', { project: happy })).toEqual({ ok: true, path: file });
    expect(asked[0]).toBe(join(work, 'HappyModel.json'));
    answers.push(null);
    expect(await call('project:save', { project: happy, path: file, saveAs: true })).toEqual({ ok: false, cancelled: true });
    expect(asked[1]).toBe(file);
    answers.push(file);
    expect((await call('project:open', {})).path).toBe(file);
    expect(await call('project:open', {})).toEqual({ ok: false, cancelled: true });
  });

  it('recent files: newest first, no duplicates, deleted files dropped, damaged list tolerated', async () => {
    const { work, userDataDir, call } = setup();
    const a = join(work, 'a.json');
    const b = join(work, 'b.json');
    await call('project:save', { project: happy, path: a });
    await call('project:save', { project: happy, path: b });
    await call('project:open', { path: a });
    expect(await call('project:recent', {})).toEqual([a, b]);
    writeFileSync(join(userDataDir, 'recent.json'), '{not json');
    expect(await call('project:recent', {})).toEqual([]);
  });
});

describe('recovery journal', () => {
  it('writes, reads back and clears', async () => {
    const { call, userDataDir } = setup();
    expect(await call('recovery:read', {})).toBeNull();
    expect(await call('recovery:write', { project: happy, path: '/x/happy.json' })).toEqual({ ok: true });
    const back = await call('recovery:read', {});
    expect(back.path).toBe('/x/happy.json');
    expect(back.project.name).toBe('HappyModel');
    expect(Number.isNaN(Date.parse(back.savedAt))).toBe(false);
    expect(await call('recovery:write', { project: null })).toEqual({ ok: true });
    expect(await call('recovery:read', {})).toBeNull();
    expect(existsSync(join(userDataDir, 'recovery.json'))).toBe(false);
  });

  it('refuses an invalid project without touching the journal', async () => {
    const { call } = setup();
    await call('recovery:write', { project: happy, path: null });
    await expect(call('recovery:write', { project: { schemaVersion: 1, nodes: 'x', edges: [] }, path: null })).rejects.toThrow(/recovery:write failed: .*invalid at nodes/);
    expect((await call('recovery:read', {})).project.name).toBe('HappyModel');
  });

  it('a damaged journal reads as none and is moved aside, not deleted', async () => {
    const { call, userDataDir } = setup();
    await call('recovery:write', { project: happy, path: null });
    writeFileSync(join(userDataDir, 'recovery.json'), '{"project": {"schemaVersion": 1}}');
    expect(await call('recovery:read', {})).toBeNull();
    expect(existsSync(join(userDataDir, 'recovery.json.damaged'))).toBe(true);
  });
});

describe('fs:list, templates, app:info', () => {
  it('lists folders first, hides dotfiles, and names the parent', async () => {
    const { work, call } = setup();
    mkdirSync(join(work, 'zeta'));
    writeFileSync(join(work, 'alpha.json'), '{}');
    writeFileSync(join(work, '.hidden'), '');
    const listing = await call('fs:list', {});
    expect(listing.path).toBe(work);
    expect(listing.entries.map((e: { name: string; dir: boolean }) => [e.name, e.dir])).toEqual([['zeta', true], ['alpha.json', false]]);
    expect(listing.parent).toBe(resolve(work, '..'));
    expect(await call('fs:list', { path: join(work, 'alpha.json') })).toEqual({ ok: false, message: `Cannot list ${join(work, 'alpha.json')}: it is a file, not a folder.` });
    expect((await call('fs:list', { path: '/' })).parent).toBeNull();
  });

  it('lists the templates folder and loads a template as a valid project', async () => {
    const { call } = setup();
    const list = await call('templates:list', {});
    expect(list).toContainEqual(expect.objectContaining({ id: 'happy_model', name: 'HappyModel', kind: 'network' }));
    const loaded = await call('templates:load', { id: 'happy_model' });
    expect(loaded.ok).toBe(true);
    expect(loaded.project.nodes).toHaveLength(8);
    expect(await call('templates:load', { id: '../package' })).toEqual({ ok: false, message: expect.stringMatching(/"\.\.\/package" is not a template id/) });
    // Template parameters pass through: 3 input channels -> 1 changes conv0's input, and unknown ones are named.
    const gray = await call('templates:load', { id: 'happy_model', params: { input: [64, 64, 1] } });
    expect(gray.project.nodes.find((n: { kind: string }) => n.kind === 'Input').params.shape).toEqual([64, 64, 1]);
    expect((await call('templates:load', { id: 'happy_model', params: { nope: 1 } })).message).toMatch(/no parameter "nope"/);
    expect((await call('templates:load', { id: 'nothing_here' })).message).toMatch(/no template "nothing_here"/);
  });

  it('app:info reports the mode and why Electron is not used', async () => {
    const { call } = setup();
    expect(await call('app:info', {})).toEqual({ version: '9.9.9', mode: 'browser', platform: process.platform, fallbackReason: 'no binary' });
  });
});
