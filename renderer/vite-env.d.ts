/// <reference types="vite/client" />

declare module 'virtual:tfjs-types' {
  /** @tensorflow/tfjs's version. */
  export const version: string;
  /** Declaration files and package.json stubs by path under node_modules/. */
  export const files: Record<string, string>;
}
