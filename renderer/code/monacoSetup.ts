/**
 * Monaco, bundled: the editor, its workers (Vite bundles the `new Worker(new URL(...))` each
 * language service makes) and the TypeScript service set up to check the panel's module against
 * the typings of the tfjs this app ships (virtual:tfjs-types, bundled by renderer/vite.config.ts).
 * @monaco-editor/react is pointed at this copy, so nothing is fetched from a CDN.
 */
import { loader } from '@monaco-editor/react';
import './monacoLean.ts';
import * as monaco from 'monaco-editor/editor/editor.api.js';
import * as ts from 'monaco-editor/languages/features/typescript/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import TypeScriptWorker from 'monaco-editor/languages/features/typescript/ts.worker.js?worker';
import { files, version } from 'virtual:tfjs-types';

export { monaco };

/** The version of @tensorflow/tfjs whose typings the TypeScript module is checked against. */
export const TFJS_VERSION = version;

/** Where the panel's modules live in Monaco's file system (node_modules/ sits beside them). */
export const MODEL_URI = { ts: monaco.Uri.parse('file:///netwright/model.ts'), keras: monaco.Uri.parse('file:///netwright/model.py') } as const;

// Monaco asks here for every worker it starts (once this is defined, for the language services'
// workers too): the TypeScript service's, or the editor's own (diffs, links). Vite bundles both.
const getWorker = (_id: string, label: string): Worker => (label === 'typescript' || label === 'javascript' ? new TypeScriptWorker() : new EditorWorker());
(self as unknown as { MonacoEnvironment: { getWorker: typeof getWorker } }).MonacoEnvironment = { getWorker };

ts.typescriptDefaults.setCompilerOptions({
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
  lib: ['es2020', 'dom'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  allowNonTsExtensions: true,
});
ts.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
ts.typescriptDefaults.setExtraLibs(Object.entries(files).map(([path, content]) => ({ content, filePath: `file:///${path}` })));
loader.config({ monaco });

/** The TypeScript checker's errors for the model at `uri` (syntax and types). */
export async function typeErrors(uri: monaco.Uri): Promise<Array<{ line: number; message: string }>> {
  const model = monaco.editor.getModel(uri);
  if (!model) return [];
  const worker = await (await ts.getTypeScriptWorker())(uri);
  const name = uri.toString();
  const found = [...(await worker.getSyntacticDiagnostics(name)), ...(await worker.getSemanticDiagnostics(name))];
  return found.map((d) => ({
    line: d.start === undefined ? 1 : model.getPositionAt(d.start).lineNumber,
    message: typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText,
  }));
}
