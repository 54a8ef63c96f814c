// Squarified treemap layout (Bruls, Huizing, van Wijk 2000): rectangles with areas proportional
// to values and aspect ratios close to 1. Pure geometry; html.ts draws it.
export interface Rect { x: number; y: number; w: number; h: number }

export function squarify<T extends { value: number }>(items: T[], r: Rect): (T & { rect: Rect })[] {
  var list = items.filter(i => i.value > 0).sort((a, b) => b.value - a.value);
  var total = list.reduce((s, i) => s + i.value, 0);
  var out: (T & { rect: Rect })[] = [];
  if (!total || r.w <= 0 || r.h <= 0) return out;
  var scale = (r.w * r.h) / total;
  var rect = { ...r };
  var row: T[] = [];
  var worst = (row: T[], side: number) => {
    var s = 0, max = 0, min = Infinity;
    for (var i of row) { var a = i.value * scale; s += a; max = Math.max(max, a); min = Math.min(min, a); }
    return Math.max(side * side * max / (s * s), (s * s) / (side * side * min));
  };
  var place = (row: T[]) => {
    var area = row.reduce((s, i) => s + i.value * scale, 0);
    if (rect.w >= rect.h) {            // a column on the left
      var w = Math.min(rect.w, area / rect.h), y = rect.y;
      for (var i of row) { var h = i.value * scale / w; out.push({ ...i, rect: { x: rect.x, y, w, h } }); y += h; }
      rect = { x: rect.x + w, y: rect.y, w: rect.w - w, h: rect.h };
    } else {                           // a row on top
      var h = Math.min(rect.h, area / rect.w), x = rect.x;
      for (var i of row) { var w2 = i.value * scale / h; out.push({ ...i, rect: { x, y: rect.y, w: w2, h } }); x += w2; }
      rect = { x: rect.x, y: rect.y + h, w: rect.w, h: rect.h - h };
    }
  };
  for (var item of list) {
    var side = Math.min(rect.w, rect.h);
    if (!row.length || worst(row.concat([item]), side) <= worst(row, side)) row.push(item);
    else { place(row); row = [item]; }
  }
  if (row.length) place(row);
  return out;
}
