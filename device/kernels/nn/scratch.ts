// Scratch buffers shared by every conv node (im2col columns, Winograd transforms). Nodes run
// one at a time, so a model needs only the largest request, not their sum. prepare() reserves;
// eval() fetches the current buffer once per run (a later prepare may have replaced it).
var f64 = new Float64Array(0), f32 = new Float32Array(0);

export function reserve(n: number, n32?: number) {
  if (f64.length < n) f64 = new Float64Array(n);
  if (n32 && f32.length < n32) f32 = new Float32Array(n32);
}

export function scratch(): Float64Array { return f64; }
export function scratch32(): Float32Array { return f32; }
