// Static memory plan: every run-time tensor gets a fixed offset in one arena. Greedy by size
// with lifetime overlap (as TFLite Micro's GreedyMemoryPlanner): biggest first, each at the
// lowest 16-aligned offset that does not collide with a placed tensor alive at the same time.
export interface Buffer { name: string; bytes: number; first: number; last: number }
export interface ArenaPlan { offsets: Map<string, number>; arenaBytes: number; lowerBound: number }

export var ALIGN = 16;
var align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

// bank > 0 (a multiple of ALIGN): no tensor may cross a multiple of `bank`, so the runtime can
// hold the arena in buffers of `bank` bytes (engines that cap an ArrayBuffer). Every buffer must
// then fit in a bank.
export function planArena(buffers: Buffer[], bank = 0): ArenaPlan {
  var order = buffers.slice().sort((a, b) => b.bytes - a.bytes || a.first - b.first || (a.name < b.name ? -1 : 1));
  var placed: { b: Buffer; off: number }[] = [];
  var offsets = new Map<string, number>();
  var arenaBytes = 0;
  for (var b of order) {
    var live = placed.filter(p => p.b.first <= b.last && b.first <= p.b.last).sort((x, y) => x.off - y.off);
    var off = 0, size = align(b.bytes);
    if (bank && size > bank) throw new Error(`planArena: '${b.name}' (${size} bytes) is bigger than a ${bank}-byte bank`);
    for (var moved = true; moved;) {
      moved = false;
      if (bank && Math.floor(off / bank) !== Math.floor((off + size - 1) / bank)) off = Math.ceil(off / bank) * bank;
      for (var p of live) {
        if (off + size <= p.off || p.off + align(p.b.bytes) <= off) continue;
        off = p.off + align(p.b.bytes);
        moved = true;
      }
    }
    placed.push({ b, off });
    offsets.set(b.name, off);
    arenaBytes = Math.max(arenaBytes, off + size);
  }
  // The best any plan could do: the most bytes alive at one step.
  var lowerBound = 0;
  var steps = new Set<number>();
  for (var b of buffers) { steps.add(b.first); steps.add(b.last); }
  for (var s of steps) {
    var sum = 0;
    for (var b of buffers) if (b.first <= s && s <= b.last) sum += align(b.bytes);
    lowerBound = Math.max(lowerBound, sum);
  }
  return { offsets, arenaBytes, lowerBound };
}
