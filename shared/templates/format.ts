/**
 * Template files: ordinary project files (read with parseProject, unknown fields kept) plus a
 * `template` object saying what the template is, where it comes from, and its parameters with
 * defaults. They hold no derived data: shapes and counts come from expanding and analysing.
 *
 * Inside a template, beyond plain project nodes:
 * - `nameTemplate` sets a Keras name from parameters (`"res${stage}${block}_branch2a"`);
 * - `inputs` lists a node's inputs by id; without it (and without edges into it) a node takes
 *   the node listed before it, so a plain stack of layers needs no wiring at all;
 * - `when` (`"${aux}"`) keeps the node only when true; a dropped node's consumers take its input;
 * - `kind: "Block"` with `block: "<template id>"` inserts a block template as a group, with
 *   `params` for the block and `repeat` (`{ "block": ["b", "c"] }` or a count) for copies in a row.
 */
import { z } from 'zod';
import { parseProject } from '../graph/load.ts';
import type { Project } from '../graph/schema.ts';
import type { TemplateInfo } from '../ipc.ts';

const ParamSpecSchema = z.looseObject({
  default: z.unknown().refine((v) => v !== undefined, 'every parameter needs a default'),
  description: z.string().max(500).optional(),
});

export const TemplateMetaSchema = z.looseObject({
  kind: z.enum(['network', 'block']),
  /** A display title, e.g. "ResNet-50"; the project name stays the Keras model name. */
  title: z.string().max(200).optional(),
  /** The architecture's idea in a few lines. */
  description: z.string().max(4000),
  /** Where it comes from: paper, course, Keras application. */
  source: z.string().max(1000),
  params: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a parameter name: letters, digits, _'), ParamSpecSchema).default({}),
  /** Blocks: the name of the group one copy becomes, e.g. "res${stage}${block} (identity block)". */
  groupName: z.string().max(200).optional(),
  /** Blocks: the label of a group of repeated copies; " x<count>" is appended ("ID BLOCK x2"). */
  repeatName: z.string().max(200).optional(),
});

export type TemplateMeta = z.output<typeof TemplateMetaSchema>;

/** A parsed template file. */
export interface TemplateFile {
  /** The file name without .json, e.g. "resnet50". */
  id: string;
  project: Project;
  meta: TemplateMeta;
}

/** Template ids are file names: letters, digits, _ and -. */
export const TEMPLATE_ID = /^[A-Za-z0-9_-]+$/;

/** Names of the fields only template files use; expansion removes them. */
export const TEMPLATE_NODE_FIELDS = ['nameTemplate', 'inputs', 'when', 'block', 'repeat'] as const;

/**
 * Reads one template file's text (through parseProject, as user files are read). A file without
 * a `template` object is a network template without parameters.
 */
export function readTemplate(id: string, text: string): { ok: true; template: TemplateFile } | { ok: false; message: string } {
  if (!TEMPLATE_ID.test(id)) return { ok: false, message: `template id "${id}" must use only letters, digits, _ and -` };
  const loaded = parseProject(text);
  if (!loaded.ok) return { ok: false, message: `template ${id}${loaded.error.path ? ` at ${loaded.error.path}` : ''}: ${loaded.error.message}` };
  const raw = (loaded.project as Record<string, unknown>).template ?? { kind: 'network', description: '', source: '' };
  const meta = TemplateMetaSchema.safeParse(raw);
  if (!meta.success) {
    const issue = meta.error.issues[0]!;
    return { ok: false, message: `template ${id} at template.${issue.path.join('.')}: ${issue.message}` };
  }
  return { ok: true, template: { id, project: loaded.project, meta: meta.data } };
}

/** True when a project file is a template (it carries a `template` object). */
export function isTemplateProject(project: Project): boolean {
  const t = (project as Record<string, unknown>).template;
  return t !== null && typeof t === 'object';
}

/** What the template list shows: id, title, description, source, kind and parameter defaults. */
export function templateInfo(t: TemplateFile): TemplateInfo {
  return {
    id: t.id,
    name: t.meta.title ?? t.project.name,
    description: t.meta.description,
    source: t.meta.source,
    kind: t.meta.kind,
    params: Object.fromEntries(Object.entries(t.meta.params).map(([k, s]) => [k, s.default])),
  };
}

/** Every template's info: networks first, then blocks, each by id. */
export function listTemplateInfos(templates: Iterable<TemplateFile>): TemplateInfo[] {
  return [...templates]
    .map(templateInfo)
    .sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === 'network' ? -1 : 1));
}
