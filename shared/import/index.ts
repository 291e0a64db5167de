/**
 * Importing models people bring: a Keras `model.to_json()` file, a tfjs Layers model.json
 * (with its weights when the shards are given), or the pieces of a Keras .h5 file (its
 * model_config text and per-layer weights, read by electron/import/h5.ts). Pure: file access is
 * the caller's, passed in as functions. Nothing here throws for bad input and nothing from the
 * file is ever executed; every failure is a value with the place in the file and what to do.
 */
import { parseJsonSafely } from '../graph/safeJson.ts';
import type { Project } from '../graph/schema.ts';
import { ImportError, readKerasModel, type KerasGraph } from './kerasModel.ts';
import { decodeWeights, readTfjsModelJson, type NamedWeight } from './tfjsModel.ts';
import { kerasGraphToProject } from './toProject.ts';
import { groupByLayer, type LayerWeights } from './weights.ts';
import { keras3LayerWeights } from './keras3Weights.ts';

export { ImportError } from './kerasModel.ts';
export { applyWeights, type LayerWeights } from './weights.ts';
export type { NamedWeight } from './tfjsModel.ts';

export type ImportFormat = 'keras-json' | 'tfjs-layers' | 'keras-h5' | 'keras-v3';

export interface ImportedModel {
  format: ImportFormat;
  project: Project;
  /** The model's weights by layer, when the file carried them. */
  weights?: LayerWeights;
  /** Settings the project does not keep (regularizers, constraints), as `layer.setting`. */
  ignored: string[];
}

export type ImportResult = { ok: true; model: ImportedModel } | { ok: false; error: { path: string; message: string } };

/** Reads one weight shard by its (already checked) relative path; `at` locates it in model.json. */
export type ShardReader = (path: string, at: string) => Uint8Array;

/** Turns anything thrown into a result; unexpected errors say so, so they are never mistaken for file errors. */
async function guard(run: () => Promise<ImportedModel>): Promise<ImportResult> {
  try {
    return { ok: true, model: await run() };
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, error: { path: e.path, message: e.message } };
    if (e instanceof RangeError) return { ok: false, error: { path: '', message: `the file is too large or too deeply nested to import (${e.message})` } };
    return { ok: false, error: { path: '', message: `internal error while importing: ${(e as Error).message}` } };
  }
}

/** Deeper than this, a JSON file is not a model description (Keras configs nest about 10 deep). */
export const MAX_JSON_DEPTH = 200;

/**
 * Refuses JSON nested deeper than MAX_JSON_DEPTH before parsing it: JSON.parse of 50 MB of `[`
 * takes V8 tens of seconds to reject. One pass, skipping strings.
 */
function checkDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw new ImportError('', `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep (at character ${i}); a model description is not`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

function parseJson(text: string): unknown {
  checkDepth(text);
  const json = parseJsonSafely(text);
  if (!json.ok) throw new ImportError(json.path, json.message);
  return json.value;
}

/** True when parsed JSON looks like a tfjs model.json rather than a bare Keras config. */
function isTfjsModelJson(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'modelTopology' in value;
}

/**
 * tfjs (4.22) writes SeparableConv2D configs without depth_multiplier; the depthwise kernel's
 * last dimension is that multiplier, so a model.json with weights still says what it was.
 */
function fillFromWeights(graph: KerasGraph, weights: LayerWeights): void {
  for (const layer of graph.layers) {
    if (layer.className !== 'SeparableConv2D' || layer.config.depth_multiplier !== undefined) continue;
    const kernel = weights.get(layer.name)?.find((w) => /depthwise_kernel(:\d+)?$/.test(w.name));
    if (kernel?.shape.length === 4) layer.config = { ...layer.config, depth_multiplier: kernel.shape[3] };
  }
}

async function withWeights(format: ImportFormat, graph: KerasGraph, weights: LayerWeights | undefined): Promise<ImportedModel> {
  if (weights) fillFromWeights(graph, weights);
  const { project, ignored } = await kerasGraphToProject(graph);
  return { format, project, ignored, ...(weights ? { weights } : {}) };
}

/**
 * Imports the text of a JSON model file: a tfjs model.json (weights read through `shards` when
 * given and the file lists some) or a Keras model config (`model.to_json()`).
 */
export function importModelJson(text: string, shards?: ShardReader): Promise<ImportResult> {
  return guard(async () => {
    const value = parseJson(text);
    if (isTfjsModelJson(value)) {
      const { graph, manifest } = readTfjsModelJson(value);
      const weights = manifest && shards ? groupByLayer(decodeWeights(manifest, shards), graph.layers.map((l) => l.name)) : undefined;
      return withWeights('tfjs-layers', graph, weights);
    }
    notAModel(value);
    return withWeights('keras-json', readKerasModel(value), undefined);
  });
}

/** Refuses JSON that is neither a tfjs model.json nor a Keras model config, saying what it looks like. */
function notAModel(value: unknown): void {
  const o = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (o && (typeof o.class_name === 'string' || 'config' in o)) return;
  const looksLikeProject = o !== undefined && 'schemaVersion' in o && Array.isArray(o.nodes);
  throw new ImportError(
    '',
    looksLikeProject
      ? 'this is a Netwright project file, not a model to import: open it with Open'
      : 'this JSON is not a model: import expects a tfjs model.json (with "modelTopology") or a Keras model.to_json() file (with "class_name" and "config")',
  );
}

/**
 * Imports a Keras model config given as text (the .h5 `model_config` attribute, a `.keras`
 * file's config.json, or a `model.to_json()` file paired with a weights file) with weights
 * grouped by layer name (legacy .h5) or, with `layout` 'keras3', by Keras 3 saving path.
 */
export function importKerasConfig(text: string, format: ImportFormat, weights?: Map<string, NamedWeight[]>, layout: 'by-name' | 'keras3' = 'by-name'): Promise<ImportResult> {
  return guard(async () => {
    const graph = readKerasModel(parseJson(text));
    const layerWeights = weights && layout === 'keras3' ? keras3LayerWeights(graph, weights) : weights;
    if (layerWeights) {
      const names = new Set(graph.layers.map((l) => l.name));
      for (const layer of layerWeights.keys()) {
        if (!names.has(layer)) throw new ImportError('model_weights', `the weights name layer "${layer.slice(0, 200)}", which the model does not have`);
      }
    }
    return withWeights(format, graph, layerWeights);
  });
}
