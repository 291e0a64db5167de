/** Pure graph edits used by the editor: primitives, fragments (copy/paste) and fix-its. */
export * from './graph.ts';
export * from './fragment.ts';
export * from './fixits.ts';
export * from './block.ts';
