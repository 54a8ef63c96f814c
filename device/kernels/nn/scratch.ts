// Scratch buffers shared by every conv node (im2col columns, Winograd transforms). Nodes run
// one at a time, so a model needs only the largest request, not their sum. prepare() reserves;
// eval() fetches the current buffer once per run (a later prepare may have replaced it).
// A caller that may find the buffer as it left it (the parts of a split conv laying out the same
// rows: nativeDot.ts) marks it with claim(token) after writing; heldBy(token) gives it back until
// anyone else fetches or replaces it (then null).
var f64 = new Float64Array(0), f32 = new Float32Array(0), owner: any = null;

export function reserve(n: number, n32?: number) {
  if (f64.length < n) { f64 = new Float64Array(n); owner = null; }
  if (n32 && f32.length < n32) f32 = new Float32Array(n32);
}

export function scratch(): Float64Array { owner = null; return f64; }
export function scratch32(): Float32Array { return f32; }
export function claim(token: any) { owner = token; }
export function heldBy(token: any): Float64Array | null { return owner === token ? f64 : null; }
