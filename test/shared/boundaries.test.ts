// shared/ must run in main, renderer, CLI and trainer alike: the lint rules forbid electron,
// node built-ins, UI libraries and DOM globals there. These tests prove the rules bite.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('runtime boundaries', () => {
  it.each([
    ["import { app } from 'electron';", 'no-restricted-imports'],
    ["import { readFileSync } from 'node:fs';", 'no-restricted-imports'],
    ["import path from 'path';", 'no-restricted-imports'],
    ["import React from 'react';", 'no-restricted-imports'],
    ["import { ReactFlow } from '@xyflow/react';", 'no-restricted-imports'],
    ["import * as monaco from 'monaco-editor';", 'no-restricted-imports'],
    ['export const w = window.innerWidth;', 'no-restricted-globals'],
    ['export const t = document.title;', 'no-restricted-globals'],
  ])('refuses %s in shared/', async (code, rule) => {
    expect(await ruleIds(code, 'shared/probe.ts')).toContain(rule);
  });

  it('refuses electron and node built-ins in renderer/', async () => {
    expect(await ruleIds("import { ipcRenderer } from 'electron';", 'renderer/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import fs from 'node:fs';", 'renderer/probe.tsx')).toContain('no-restricted-imports');
  });

  it('refuses the in-process ELK build in renderer/ (it lays out in its worker)', async () => {
    expect(await ruleIds("import { bundledElk } from '../../shared/diagram/bundledElk.ts';\nexport const e = bundledElk;", 'renderer/elk/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import ELK from 'elkjs/lib/elk.bundled.js';\nexport const e = ELK;", 'renderer/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { appElk } from './appElk.ts';\nexport const e = appElk;", 'renderer/elk/probe.ts')).not.toContain('no-restricted-imports');
  });

  it('passes on the real shared/ and renderer/ trees', async () => {
    const results = await eslint.lintFiles(['shared/**/*.ts']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId} ${m.message}`));
    expect(problems).toEqual([]);
  });
});
