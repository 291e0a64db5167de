/**
 * The Monaco editor of the code panel (loaded on first open: Monaco is most of the code panel's
 * weight). Shows the generated module read-only, or the draft in edit mode; highlights the
 * statements of the selected nodes and scrolls to them; reports the statement under the cursor;
 * shows Apply's markers and runs the TypeScript checker over the text shown.
 */
import { useEffect, useRef } from 'react';
import { Editor, type OnMount } from '@monaco-editor/react';
import type { CodeLang, CodeMarker, CodeStatement } from '../../shared/ipc.ts';
import { monaco, MODEL_URI, typeErrors } from './monacoSetup.ts';
import { useCode } from './codeStore.ts';

export interface CodeEditorProps {
  lang: CodeLang;
  text: string;
  readOnly: boolean;
  statements: CodeStatement[];
  /** Node ids whose statements are highlighted. */
  selected: ReadonlySet<string>;
  markers: CodeMarker[];
  theme: 'light' | 'dark';
  onDraft(text: string): void;
  /** The person moved the cursor into a statement (mouse or keyboard). */
  onCursorStatement(statement: CodeStatement): void;
}

type Ed = Parameters<OnMount>[0];

export default function CodeEditor(props: CodeEditorProps) {
  const editorRef = useRef<Ed | null>(null);
  const decorations = useRef<ReturnType<Ed['createDecorationsCollection']> | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const uri = MODEL_URI[props.lang];

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    decorations.current = editor.createDecorationsCollection();
    editor.onDidChangeCursorPosition((e) => {
      if (e.source !== 'mouse' && e.source !== 'keyboard') return;
      const line = e.position.lineNumber;
      const hit = latest.current.statements.find((s) => line >= s.line && line <= s.endLine);
      if (hit) latest.current.onCursorStatement(hit);
    });
    highlight();
  };

  /** Decorates the selected nodes' statements; scrolls the first into view. */
  function highlight() {
    const editor = editorRef.current;
    if (!editor || !decorations.current) return;
    const { statements, selected } = latest.current;
    const hits = statements.filter((s) => s.nodeIds.some((id) => selected.has(id)));
    decorations.current.set(
      hits.map((s) => ({
        range: new monaco.Range(s.line, 1, s.endLine, 1),
        options: { isWholeLine: true, className: 'nw-code-selected', linesDecorationsClassName: 'nw-code-selected-gutter', overviewRuler: { color: '#2f6fed', position: monaco.editor.OverviewRulerLane.Center } },
      })),
    );
    const first = hits[0];
    const cursor = editor.getPosition()?.lineNumber ?? 0;
    // Not when the cursor is already in it: the person put it there (and selected the node from it).
    if (first && !hits.some((s) => cursor >= s.line && cursor <= s.endLine)) editor.revealLinesInCenterIfOutsideViewport(first.line, first.endLine);
  }

  useEffect(highlight, [props.statements, props.selected, props.text, props.lang]);

  // Apply's markers, on the exact spans it names.
  useEffect(() => {
    const model = monaco.editor.getModel(uri);
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      'netwright',
      props.markers.map((m) => ({ startLineNumber: m.line, startColumn: m.column, endLineNumber: m.endLine, endColumn: Math.max(m.endColumn, m.column + 1), message: m.message, severity: monaco.MarkerSeverity.Error, source: 'Apply' })),
    );
    if (props.markers[0]) editorRef.current?.revealLineInCenterIfOutsideViewport(props.markers[0].line);
  }, [props.markers, uri, props.text]);

  // The checker's verdict on the text shown, a moment after it settles.
  useEffect(() => {
    if (props.lang !== 'ts') return;
    let live = true;
    useCode.setState({ typeCheck: { status: 'checking' } });
    const timer = setTimeout(() => {
      void typeErrors(uri).then(
        (errors) => live && useCode.setState({ typeCheck: { status: 'done', errors: errors.length, ...(errors[0] ? { first: errors[0] } : {}) } }),
        () => live && useCode.setState({ typeCheck: { status: 'idle' } }),
      );
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [props.text, props.lang, uri]);

  return (
    <Editor
      path={uri.toString()}
      language={props.lang === 'ts' ? 'typescript' : 'python'}
      value={props.text}
      theme={props.theme === 'dark' ? 'vs-dark' : 'vs'}
      onMount={onMount}
      onChange={(value) => {
        if (!latest.current.readOnly && value !== undefined) latest.current.onDraft(value);
      }}
      loading={<div className="nw-code-loading">Loading the editor…</div>}
      options={{
        readOnly: props.readOnly,
        readOnlyMessage: { value: 'Read-only: press Edit to change the code, then Apply.' },
        minimap: { enabled: false },
        fontSize: 12.5,
        lineNumbersMinChars: 4,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        wordWrap: 'off',
        renderWhitespace: 'none',
        fixedOverflowWidgets: true,
        tabSize: props.lang === 'ts' ? 2 : 4,
      }}
    />
  );
}
