// Per-target profiles: syntax level, module formats, minifier settings.
export type TargetName = 'node' | 'webview' | 'quickjs' | 'espruino';
export interface OutputSpec { file: string; format: 'cjs' | 'es' | 'iife' }
export interface Profile {
  name: TargetName;
  ecmaVersion: 5 | 2017 | 2020;   // the syntax the bundle may use (and the static check parses with)
  outputs: OutputSpec[];
}

export var PROFILES: Record<TargetName, Profile> = {
  node: { name: 'node', ecmaVersion: 2020, outputs: [{ file: 'runtime.cjs', format: 'cjs' }, { file: 'runtime.mjs', format: 'es' }] },
  webview: { name: 'webview', ecmaVersion: 2017, outputs: [{ file: 'runtime.mjs', format: 'es' }, { file: 'runtime.js', format: 'iife' }] },
  quickjs: { name: 'quickjs', ecmaVersion: 2020, outputs: [{ file: 'runtime.mjs', format: 'es' }, { file: 'runtime.js', format: 'iife' }] },
  espruino: { name: 'espruino', ecmaVersion: 5, outputs: [{ file: 'runtime.js', format: 'iife' }] },
};

export function profileOf(name: string): Profile {
  var p = (PROFILES as any)[name];
  if (!p) throw new Error(`unknown target '${name}'`);
  return p;
}
