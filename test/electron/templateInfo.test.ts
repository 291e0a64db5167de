// templates:list carries each template's idea and source as written in its file, so the palette
// and the inspector can show them: every template has both, in a few lines, naming a paper or course.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/backend/handlers.ts';
import type { TemplateInfo } from '../../shared/ipc.ts';

const TEMPLATES = resolve(import.meta.dirname, '../../templates');

describe('templates:list', () => {
  it('lists every template file with its title, description and source', async () => {
    const handlers = createHandlers({ mode: 'browser', version: 't', userDataDir: join(TEMPLATES, '.unused'), templatesDir: TEMPLATES });
    const list: TemplateInfo[] = await handlers['templates:list']({});
    const files = readdirSync(TEMPLATES).filter((f) => f.endsWith('.json'));
    expect(list.map((t) => `${t.id}.json`).sort()).toEqual(files.sort());
    for (const file of files) {
      const meta = JSON.parse(readFileSync(join(TEMPLATES, file), 'utf8')).template;
      const info = list.find((t) => `${t.id}.json` === file)!;
      expect(info, file).toMatchObject({ name: meta.title, description: meta.description, source: meta.source, kind: meta.kind });
      // A few lines of our own words, and a source a reader can look up (a year or an arXiv id).
      expect(info.description.length, file).toBeGreaterThan(120);
      expect(info.description.length, file).toBeLessThan(900);
      expect(info.source, file).toMatch(/(19|20)\d\d|arXiv:\d{4}\.\d{4,5}/);
    }
  });
});
