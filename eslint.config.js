// Runtime boundaries, enforced by tooling (STYLE.md): shared/ runs everywhere, so it imports no
// electron, no node built-ins, no react/xyflow/monaco and touches no DOM globals; renderer/ never
// imports electron or node built-ins.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'worker_threads', 'stream', 'events', 'zlib', 'module', 'process', 'buffer'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {},
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'shared/ runs in the renderer too: no Node built-ins.' },
            { group: ['electron', 'electron/*'], message: 'shared/ must not import electron.' },
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@xyflow/*', 'monaco-editor', 'monaco-editor/*', '@monaco-editor/*'], message: 'shared/ is UI-free.' },
            { group: ['../electron/*', '../../electron/*', '../renderer/*', '../../renderer/*'], message: 'shared/ imports only shared/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'renderer/ runs in a sandboxed page: no Node built-ins.' },
            { group: ['electron', 'electron/*'], message: 'renderer/ reaches the backend only through renderer/api.ts.' },
            { group: ['../electron/*', '../../electron/*'], message: 'renderer/ reaches the backend only through renderer/api.ts.' },
            { group: ['**/diagram/bundledElk.ts', 'elkjs/lib/elk.bundled.js'], message: 'renderer/ lays out in its ELK worker (renderer/elk/appElk.ts); the in-process build would ship 1.5 MB unused.' },
          ],
        },
      ],
    },
  },
);
