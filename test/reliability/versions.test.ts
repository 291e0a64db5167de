// Project file versions through the real handlers: a file from a newer Netwright is refused with a
// message and left byte-for-byte untouched (never downgraded, by open, save or the journal);
// fields this version does not know survive open + save; and the migration machinery runs named
// steps in order (tested with a test-local list: version 1 is the only released format so far).
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/dispatch.ts';
import { createHandlers } from '../../electron/backend/handlers.ts';
import { parseProject, serializeProject } from '../../shared/graph/load.ts';
import { migrate, MIGRATIONS, type Migration } from '../../shared/graph/migrations.ts';
import { CURRENT_SCHEMA_VERSION } from '../../shared/graph/schema.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const happy = JSON.parse(readFileSync(join(ROOT, 'templates', 'happy_model.json'), 'utf8')) as Record<string, unknown>;

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'nw-versions-'));
  const handlers = createHandlers({ mode: 'browser', version: 'test', userDataDir: join(root, 'user'), templatesDir: join(ROOT, 'templates'), home: root });
  const call = async (channel: string, payload: unknown): Promise<any> => {
    const reply = await dispatch(handlers, channel, payload);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  return { root, call };
}

describe('a file from a newer Netwright', () => {
  const newer = CURRENT_SCHEMA_VERSION + 1;

  it('is refused by project:open with a message, and the file is not touched', async () => {
    const { root, call } = setup();
    const file = join(root, 'from-the-future.json');
    const text = `${JSON.stringify({ ...happy, schemaVersion: newer, hologram: { layers: 3 } }, null, 2)}\n`;
    writeFileSync(file, text);
    const before = statSync(file);
    const result = await call('project:open', { path: file });
    expect(result.ok).toBe(false);
    expect(result.message).toContain(file);
    expect(result.message).toMatch(new RegExp(`newer Netwright \\(schemaVersion ${newer}\\).*reads up to ${CURRENT_SCHEMA_VERSION}.*Update Netwright.*not changed`));
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(readdirSync(root).sort()).toEqual(['from-the-future.json']); // no backup folder, no temp file
    expect(await call('project:recent', {})).toEqual([]);
  });

  it('cannot be written back older: project:save and recovery:write refuse it and the file stays as it was', async () => {
    const { root, call } = setup();
    const file = join(root, 'm.json');
    const text = `${JSON.stringify({ ...happy, schemaVersion: newer })}\n`;
    writeFileSync(file, text);
    const saved = await call('project:save', { project: { ...happy, schemaVersion: newer }, path: file });
    expect(saved.ok).toBe(false);
    expect(saved.message).toMatch(/Not saved: the project is invalid at schemaVersion: .*newer Netwright/);
    expect(readFileSync(file, 'utf8')).toBe(text);
    await expect(call('recovery:write', { project: { ...happy, schemaVersion: newer } })).rejects.toThrow(/recovery journal not written.*newer Netwright/);
    expect(await call('recovery:read', {})).toBeNull();
  });

  it.each([newer, newer + 1, 99, 2 ** 31])('schemaVersion %i is refused, never read as an older one', (version) => {
    const result = parseProject(JSON.stringify({ ...happy, schemaVersion: version }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toEqual({ path: 'schemaVersion', message: expect.stringMatching(/newer Netwright/) });
  });
});

describe('fields this version does not know', () => {
  it('survive project:open then project:save, at the top level and in nodes, edges, groups and params', async () => {
    const { root, call } = setup();
    const file = join(root, 'extended.json');
    const base = (await call('templates:load', { id: 'happy_model' })).project as Record<string, unknown>;
    expect((base.edges as unknown[]).length).toBeGreaterThan(0);
    const nodes = (base.nodes as Array<Record<string, unknown>>).map((n, i) => (i === 1 ? { ...n, color: '#ff8800', notes: { author: 'future', tags: ['a', 'b'] }, params: { ...(n.params as object), futureParam: [1, 2, 3] } } : n));
    const edges = (base.edges as Array<Record<string, unknown>>).map((e, i) => (i === 0 ? { ...e, style: { dashed: true, width: 2 } } : e));
    const extended = {
      ...base,
      nodes,
      edges,
      groups: [{ id: 'g1', name: 'stem', collapsed: false, hue: 210, layout: { pinned: true } }],
      createdWith: 'Netwright 9.0',
      experiments: [{ id: 'run-1', accuracy: 0.97 }],
    };
    writeFileSync(file, JSON.stringify(extended));
    const opened = await call('project:open', { path: file });
    expect(opened.ok).toBe(true);
    expect(await call('project:save', { project: opened.project, path: file })).toEqual({ ok: true, path: file });
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.createdWith).toBe('Netwright 9.0');
    expect(saved.experiments).toEqual([{ id: 'run-1', accuracy: 0.97 }]);
    expect(saved.nodes[1]).toMatchObject({ color: '#ff8800', notes: { author: 'future', tags: ['a', 'b'] } });
    expect(saved.nodes[1].params.futureParam).toEqual([1, 2, 3]);
    expect(saved.edges[0].style).toEqual({ dashed: true, width: 2 });
    expect(saved.groups[0]).toMatchObject({ hue: 210, layout: { pinned: true } });
    // And a second round trip changes nothing at all.
    const again = await call('project:open', { path: file });
    await call('project:save', { project: again.project, path: file });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(saved);
  });
});

describe('migrations', () => {
  // A test-local history: no released format but version 1 exists yet, so MIGRATIONS is empty.
  const history: Migration[] = [
    { from: 1, name: 'rename-layers-to-nodes', migrate: ({ layers, ...rest }) => ({ ...rest, nodes: layers }) },
    { from: 2, name: 'add-groups', migrate: (raw) => ({ ...raw, groups: raw.groups ?? [] }) },
  ];

  it('applies each named step in order up to the target and reports them', () => {
    const v1 = { schemaVersion: 1, layers: [{ id: 'a', kind: 'Input' }], edges: [] };
    const frozen = JSON.stringify(v1);
    const result = migrate(v1, history, 3);
    expect(result).toEqual({ ok: true, value: { schemaVersion: 3, nodes: [{ id: 'a', kind: 'Input' }], edges: [], groups: [] }, applied: ['rename-layers-to-nodes', 'add-groups'] });
    expect(JSON.stringify(v1)).toBe(frozen); // the input is not modified
    expect(migrate({ schemaVersion: 2, nodes: [], edges: [] }, history, 3)).toEqual({ ok: true, value: { schemaVersion: 3, nodes: [], edges: [], groups: [] }, applied: ['add-groups'] });
    expect(migrate({ schemaVersion: 3, nodes: [] }, history, 3)).toEqual({ ok: true, value: { schemaVersion: 3, nodes: [] }, applied: [] });
  });

  it('a missing step, a newer file and a malformed version are errors, not guesses', () => {
    expect(migrate({ schemaVersion: 1 }, [history[0]!], 3)).toEqual({ ok: false, message: 'no migration from schemaVersion 2' });
    expect(migrate({ schemaVersion: 4 }, history, 3)).toMatchObject({ ok: false, message: expect.stringMatching(/newer Netwright \(schemaVersion 4\)/) });
    for (const bad of [0, -1, 1.5, '1', null, undefined]) expect(migrate({ schemaVersion: bad }, history, 3)).toMatchObject({ ok: false, message: expect.stringMatching(/positive integer/) });
  });

  it('every real migration has an old-version fixture in test/fixtures/migrations that loads through it', () => {
    const dir = join(ROOT, 'test', 'fixtures', 'migrations');
    const fixtures = existsSync(dir) ? readdirSync(dir) : [];
    expect(MIGRATIONS.map((m) => m.from)).toEqual(Array.from({ length: CURRENT_SCHEMA_VERSION - 1 }, (_, i) => i + 1));
    for (const step of MIGRATIONS) {
      const fixture = fixtures.find((f) => f.startsWith(`v${step.from}-`));
      expect(fixture, `fixture for migration "${step.name}" (test/fixtures/migrations/v${step.from}-*.json)`).toBeDefined();
      const loaded = parseProject(readFileSync(join(dir, fixture!), 'utf8'));
      expect(loaded.ok && loaded.migrated).toContain(step.name);
      expect(loaded.ok && serializeProject(loaded.project)).toBeTruthy();
    }
  });
});
