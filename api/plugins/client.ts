// Types of `import m from './model.onnx?tinyonnx'` (the Vite and Rollup plugins). Reference them
// once in the app: /// <reference types="tinyonnx/client" /> (or list "tinyonnx/client" in
// tsconfig's compilerOptions.types). TypeScript matches only these two spellings, so put
// `tinyonnx` last in a query that has options: './vad.onnx?shape=input=1x512&tinyonnx'.
// A script, not a module: the declarations are global.

interface TinyonnxIOInfo { name: string; dtype: string; shape: number[] }

interface TinyonnxSession {
  inputs: TinyonnxIOInfo[];
  outputs: TinyonnxIOInfo[];
  // Outputs are views into the session's arena, valid until the next run.
  run(feeds: { [name: string]: ArrayLike<number> | string[] }): { [name: string]: Float32Array & ArrayLike<number> };
  reset(): void;
  arenaBytes: number;
}

interface TinyonnxModelModule {
  load(): Promise<TinyonnxSession>;                              // fetches model.tnx (or decodes it, inlined)
  loadSession(bytes: ArrayBuffer | Uint8Array): TinyonnxSession; // from bytes you have: Worker, AudioWorklet
  modelUrl: string | null;                                       // null when inlined
  inputs: TinyonnxIOInfo[];
  outputs: TinyonnxIOInfo[];
  arenaBytes: number;
}

declare module '*.onnx?tinyonnx' {
  const model: TinyonnxModelModule;
  export default model;
  export const load: TinyonnxModelModule['load'];
  export const loadSession: TinyonnxModelModule['loadSession'];
  export const modelUrl: TinyonnxModelModule['modelUrl'];
  export const inputs: TinyonnxModelModule['inputs'];
  export const outputs: TinyonnxModelModule['outputs'];
  export const arenaBytes: number;
}

declare module '*&tinyonnx' {
  const model: TinyonnxModelModule;
  export default model;
  export const load: TinyonnxModelModule['load'];
  export const loadSession: TinyonnxModelModule['loadSession'];
  export const modelUrl: TinyonnxModelModule['modelUrl'];
  export const inputs: TinyonnxModelModule['inputs'];
  export const outputs: TinyonnxModelModule['outputs'];
  export const arenaBytes: number;
}
