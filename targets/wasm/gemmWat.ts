// The WAT source of the float32 GEMM routine of the WebAssembly core (device/wasm/):
//   Y[m,n] = (mode 1: Y[m,n], mode 2: bias[m], else 0) + sum_k A[m,k] * B[k,n]
// with A, B, Y row-major in wasm memory (pointers and row strides in bytes, unit inner stride).
// Register tiles of R rows x V four-float vectors: per k, R splat loads of A and V vector loads
// of B feed R*V multiply-adds into independent accumulators. The tiles are written out by `tile`
// (the text is the readable source; wabt assembles it at build time, targets/wasm/assemble.ts).
// f32x4 mul + add, not fused: relaxed-SIMD FMA is not in every engine, and unfused matches
// onnxruntime's default MLAS path closely enough for the 1e-5/1e-4 tolerance.

var PARAMS = '(param $K i32) (param $pa i32) (param $lda i32) (param $pb i32) (param $ldb i32) ' +
  '(param $py i32) (param $ldy i32) (param $bias i32) (param $mode i32)';

// The body of an R x V tile over all of K (K >= 1; the integer tile's K counts pairs), up to the
// accumulators c<r><v>: function `$<name>`, locals, the K loop with `mac(c, b)` the multiply-add
// of the splat $a and vector b into c. The float and the integer tile (int8Wat.ts) each add their
// own epilogue.
export function tileLoop(name: string, R: number, V: number, mac: (c: string, b: string) => string): string[] {
  var L: string[] = [`(func $${name} ${PARAMS}`, '  (local $k i32) (local $a v128)'];
  for (var r = 1; r < R; r++) L.push(`  (local $pa${r} i32)`);
  for (var v = 0; v < V; v++) L.push(`  (local $b${v} v128)`);
  for (var r = 0; r < R; r++) for (var v = 0; v < V; v++) L.push(`  (local $c${r}${v} v128)`);
  for (var r = 1; r < R; r++) L.push(`  (local.set $pa${r} (i32.add (local.get ${r === 1 ? '$pa' : '$pa' + (r - 1)}) (local.get $lda)))`);
  L.push('  (local.set $k (local.get $K))', '  (loop $l');
  for (var v = 0; v < V; v++) L.push(`    (local.set $b${v} (v128.load offset=${16 * v} align=4 (local.get $pb)))`);
  for (var r = 0; r < R; r++) {
    var pa = r ? '$pa' + r : '$pa';
    L.push(`    (local.set $a (v128.load32_splat align=4 (local.get ${pa})))`);
    for (var v = 0; v < V; v++) L.push(`    (local.set $c${r}${v} ${mac(`$c${r}${v}`, `$b${v}`)})`);
    L.push(`    (local.set ${pa} (i32.add (local.get ${pa}) (i32.const 4)))`);
  }
  L.push('    (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))',
    '    (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))');
  return L;
}

// One R x V float tile over all of K (K >= 1).
function tile(R: number, V: number): string {
  var L = tileLoop(`t${R}x${V}`, R, V, (c, b) => `(f32x4.add (local.get ${c}) (f32x4.mul (local.get $a) (local.get ${b})))`);
  // The start (mode 1: Y, mode 2: bias) added in registers, then the stores: no call per vector.
  L.push('  (local.set $k (local.get $py))', '  (if (i32.eq (local.get $mode) (i32.const 1)) (then');
  for (var r = 0; r < R; r++) {
    for (var v = 0; v < V; v++) L.push(`    (local.set $c${r}${v} (f32x4.add (local.get $c${r}${v}) (v128.load offset=${16 * v} align=4 (local.get $k))))`);
    if (r < R - 1) L.push('    (local.set $k (i32.add (local.get $k) (local.get $ldy)))');
  }
  L.push('  ))');
  return L.concat(rowBiasAndStores(R, V, 'f32x4.add')).join('\n');
}

// The end of an R x V tile (float and integer): one bias per row (mode 2, a splat) added in
// registers with `add`, then the stores, and the function's close.
export function rowBiasAndStores(R: number, V: number, add: string): string[] {
  var L = ['  (if (i32.eq (local.get $mode) (i32.const 2)) (then'];
  for (var r = 0; r < R; r++) {
    L.push(`    (local.set $a (v128.load32_splat offset=${4 * r} align=4 (local.get $bias)))`);
    for (var v = 0; v < V; v++) L.push(`    (local.set $c${r}${v} (${add} (local.get $c${r}${v}) (local.get $a)))`);
  }
  L.push('  ))');
  for (var r = 0; r < R; r++) {
    for (var v = 0; v < V; v++) L.push(`  (v128.store offset=${16 * v} align=4 (local.get $py) (local.get $c${r}${v}))`);
    if (r < R - 1) L.push('  (local.set $py (i32.add (local.get $py) (local.get $ldy)))');
  }
  L.push(')');
  return L;
}

// Scalar 1 x 1 tile for the last N % 4 columns.
var SCALAR = `(func $t1s ${PARAMS}
  (local $k i32) (local $s f32)
  (local.set $k (local.get $K))
  (loop $l
    (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $pa)) (f32.load (local.get $pb)))))
    (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
    (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
    (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
  (if (i32.eq (local.get $mode) (i32.const 1)) (then (local.set $s (f32.add (local.get $s) (f32.load (local.get $py))))))
  (if (i32.eq (local.get $mode) (i32.const 2)) (then (local.set $s (f32.add (local.get $s) (f32.load (local.get $bias))))))
  (f32.store (local.get $py) (local.get $s)))`;

// Calls tile $t over rows [m, M) in steps of R, columns at n (pointers computed here). K runs in
// chunks of KC: each chunk's sums start from zero in the tile's registers and are added to Y
// (mode 1) after the first chunk (which applies the caller's mode). A blocked sum: its float32
// rounding error grows with KC + K / KC rather than K, so the long STFT products (K = 256) land
// closer to float64 than onnxruntime's serial sums do; the extra Y traffic is one load and add
// per output per KC multiply-adds.
var KC = 32;
function callTile(name: string, R: number, n: string): string {
  return `(block $done${name} (loop $rows${name}
        (br_if $done${name} (i32.gt_s (i32.add (local.get $m) (i32.const ${R})) (local.get $M)))
        (local.set $k0 (i32.const 0))
        (loop $chunk${name}
          (local.set $kn (i32.sub (local.get $K) (local.get $k0)))
          (call $${name} (select (i32.const ${KC}) (local.get $kn) (i32.gt_s (local.get $kn) (i32.const ${KC})))
            (i32.add (i32.add (local.get $a) (i32.mul (local.get $m) (local.get $lda))) (i32.shl (local.get $k0) (i32.const 2))) (local.get $lda)
            (i32.add (i32.add (local.get $b) (i32.shl (local.get ${n}) (i32.const 2))) (i32.mul (local.get $k0) (local.get $ldb))) (local.get $ldb)
            (i32.add (i32.add (local.get $y) (i32.mul (local.get $m) (local.get $ldy))) (i32.shl (local.get ${n}) (i32.const 2))) (local.get $ldy)
            (i32.add (local.get $bias) (i32.shl (local.get $m) (i32.const 2))) (select (local.get $mode) (i32.const 1) (i32.eqz (local.get $k0))))
          (br_if $chunk${name} (i32.lt_s (local.tee $k0 (i32.add (local.get $k0) (i32.const ${KC}))) (local.get $K))))
        (local.set $m (i32.add (local.get $m) (i32.const ${R})))
        (br $rows${name})))`;
}

// Column blocks of `cols` while they fit; rows by the tiles listed (R, name) in order.
function columns(cols: number, tiles: [number, string][], guard = ''): string {
  return `(block $cdone${cols} (loop $cols${cols}
      (br_if $cdone${cols} (i32.gt_s (i32.add (local.get $n) (i32.const ${cols})) (local.get $N)))${guard}
      (local.set $m (i32.const 0))
      ${tiles.map(t => callTile(t[1], t[0], '$n')).join('\n      ')}
      (local.set $n (i32.add (local.get $n) (i32.const ${cols})))
      (br $cols${cols})))`;
}

// Fewer than 4 rows (the matrix-vector products of the wake-word classifiers) take 16 columns
// at a time so that four accumulator chains run in parallel.
function driver(): string {
  return `(func (export "gemm") (param $M i32) (param $N i32) (param $K i32) (param $a i32) (param $lda i32)
    (param $b i32) (param $ldb i32) (param $y i32) (param $ldy i32) (param $bias i32) (param $mode i32)
  (local $m i32) (local $n i32) (local $k0 i32) (local $kn i32)
  (if (i32.lt_s (local.get $M) (i32.const 4)) (then
    ${columns(16, [[1, 't1x4']])}))
  ${columns(8, [[6, 't6x2'], [4, 't4x2'], [1, 't1x2']])}
  ${columns(4, [[4, 't4x1'], [1, 't1x1']])}
  ${columns(1, [[1, 't1s']])})`;
}

// kc: the K chunk (callTile); other values only for measuring.
export function gemmWat(kc?: number): string {
  KC = kc || 32;
  return [tile(6, 2), tile(4, 2), tile(1, 4), tile(1, 2), tile(4, 1), tile(1, 1), SCALAR, driver()].join('\n');
}

// Products with few columns (N < 8: the short time axis of Silero's convolutions) vectorize along
// K instead: "nt" takes B transposed (Bt[n,k] = B[k,n], rows ldb bytes apart) so A rows and Bt rows
// are both contiguous in k; four rows of A share each Bt load, four accumulators run in parallel.
// Y[m,n] as for gemm (modes 0, 1, 2).
function ntTile(R: number): string {
  var L: string[] = [`(func $nt${R} (param $K i32) (param $pa i32) (param $lda i32) (param $pb i32) (param $py i32) (param $ldy i32) (param $bias i32) (param $mode i32)`,
    '  (local $k i32) (local $b v128) (local $bs f32)'];
  for (var r = 0; r < R; r++) L.push(`  (local $q${r} i32) (local $c${r} v128) (local $s${r} f32)`);
  for (var r = 0; r < R; r++) L.push(`  (local.set $q${r} (i32.add (local.get $pa) (i32.mul (local.get $lda) (i32.const ${r}))))`);
  L.push('  (local.set $k (i32.shr_u (local.get $K) (i32.const 2)))',
    '  (if (local.get $k) (then (loop $l',
    '    (local.set $b (v128.load align=4 (local.get $pb)))');
  for (var r = 0; r < R; r++) L.push(`    (local.set $c${r} (f32x4.add (local.get $c${r}) (f32x4.mul (v128.load align=4 (local.get $q${r})) (local.get $b))))`,
    `    (local.set $q${r} (i32.add (local.get $q${r}) (i32.const 16)))`);
  L.push('    (local.set $pb (i32.add (local.get $pb) (i32.const 16)))',
    '    (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))))');
  for (var r = 0; r < R; r++) L.push(`  (local.set $s${r} (f32.add (f32.add (f32x4.extract_lane 0 (local.get $c${r})) (f32x4.extract_lane 1 (local.get $c${r})))` +
    ` (f32.add (f32x4.extract_lane 2 (local.get $c${r})) (f32x4.extract_lane 3 (local.get $c${r})))))`);
  L.push('  (local.set $k (i32.and (local.get $K) (i32.const 3)))',
    '  (if (local.get $k) (then (loop $t',
    '    (local.set $bs (f32.load (local.get $pb)))');
  for (var r = 0; r < R; r++) L.push(`    (local.set $s${r} (f32.add (local.get $s${r}) (f32.mul (f32.load (local.get $q${r})) (local.get $bs))))`,
    `    (local.set $q${r} (i32.add (local.get $q${r}) (i32.const 4)))`);
  L.push('    (local.set $pb (i32.add (local.get $pb) (i32.const 4)))',
    '    (br_if $t (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))))');
  for (var r = 0; r < R; r++) {
    L.push(`  (if (i32.eq (local.get $mode) (i32.const 1)) (then (local.set $s${r} (f32.add (local.get $s${r}) (f32.load (local.get $py))))))`,
      `  (if (i32.eq (local.get $mode) (i32.const 2)) (then (local.set $s${r} (f32.add (local.get $s${r}) (f32.load (local.get $bias))))))`,
      `  (f32.store (local.get $py) (local.get $s${r}))`,
      '  (local.set $py (i32.add (local.get $py) (local.get $ldy)))', '  (local.set $bias (i32.add (local.get $bias) (i32.const 4)))');
  }
  L.push(')');
  return L.join('\n');
}

var NT_DRIVER = `(func (export "gemm_nt") (param $M i32) (param $N i32) (param $K i32) (param $a i32) (param $lda i32)
    (param $b i32) (param $ldb i32) (param $y i32) (param $ldy i32) (param $bias i32) (param $mode i32)
  (local $m i32) (local $n i32)
  (block $nd (loop $cols
    (br_if $nd (i32.ge_s (local.get $n) (local.get $N)))
    (local.set $m (i32.const 0))
    (block $d4 (loop $r4
      (br_if $d4 (i32.gt_s (i32.add (local.get $m) (i32.const 4)) (local.get $M)))
      (call $nt4 (local.get $K) (i32.add (local.get $a) (i32.mul (local.get $m) (local.get $lda))) (local.get $lda)
        (i32.add (local.get $b) (i32.mul (local.get $n) (local.get $ldb)))
        (i32.add (i32.add (local.get $y) (i32.mul (local.get $m) (local.get $ldy))) (i32.shl (local.get $n) (i32.const 2))) (local.get $ldy)
        (i32.add (local.get $bias) (i32.shl (local.get $m) (i32.const 2))) (local.get $mode))
      (local.set $m (i32.add (local.get $m) (i32.const 4)))
      (br $r4)))
    (block $d1 (loop $r1
      (br_if $d1 (i32.ge_s (local.get $m) (local.get $M)))
      (call $nt1 (local.get $K) (i32.add (local.get $a) (i32.mul (local.get $m) (local.get $lda))) (local.get $lda)
        (i32.add (local.get $b) (i32.mul (local.get $n) (local.get $ldb)))
        (i32.add (i32.add (local.get $y) (i32.mul (local.get $m) (local.get $ldy))) (i32.shl (local.get $n) (i32.const 2))) (local.get $ldy)
        (i32.add (local.get $bias) (i32.shl (local.get $m) (i32.const 2))) (local.get $mode))
      (local.set $m (i32.add (local.get $m) (i32.const 1)))
      (br $r1)))
    (local.set $n (i32.add (local.get $n) (i32.const 1)))
    (br $cols))))`;

export function gemmNtWat(): string {
  return [ntTile(4), ntTile(1), NT_DRIVER].join('\n');
}

// Depthwise convolution (one input channel and one filter a group: MobileNet's k x k convs,
// Silero's per-bin smoothing), float32, 2-D (or 1-D as H = 1), one image: X [C, H, W] at px,
// weights [C, KH, KW] at pw, bias [C] at pb (0: none), Y [C, OH, OW] at py. Per output row: the
// bias, then per tap a row update y[ow] += w * x[ow * sw + off] over the columns [lo, hi) that read
// inside the input (tab: i32 lo, hi, off per kw, as device/kernels/nn/im2col.ts colTaps gives),
// four columns at a time when sw = 1 or 2 (stride 2: two loads, the even lanes; the odd float past
// the last one read lies in X's padding or the next region). No multiply-adds on padding, no column matrix.
var DW = `(func (export "dw") (param $px i32) (param $py i32) (param $pw i32) (param $pb i32) (param $tab i32)
    (param $C i32) (param $H i32) (param $W i32) (param $OH i32) (param $OW i32) (param $KH i32) (param $KW i32)
    (param $sh i32) (param $sw i32) (param $dh i32) (param $ph i32)
  (local $c i32) (local $oh i32) (local $kh i32) (local $kw i32) (local $ih i32) (local $yr i32) (local $xr i32)
  (local $ow i32) (local $hi i32) (local $off i32) (local $t i32) (local $b f32) (local $wv f32) (local $wvv v128)
  (loop $ch
    (local.set $b (if (result f32) (local.get $pb) (then (f32.load (i32.add (local.get $pb) (i32.shl (local.get $c) (i32.const 2))))) (else (f32.const 0))))
    (local.set $oh (i32.const 0))
    (loop $rows
      (local.set $yr (i32.add (local.get $py) (i32.shl (i32.mul (i32.add (i32.mul (local.get $c) (local.get $OH)) (local.get $oh)) (local.get $OW)) (i32.const 2))))
      (local.set $ow (i32.const 0))
      (block $fd (loop $fill
        (br_if $fd (i32.ge_s (local.get $ow) (local.get $OW)))
        (f32.store (i32.add (local.get $yr) (i32.shl (local.get $ow) (i32.const 2))) (local.get $b))
        (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
        (br $fill)))
      (local.set $kh (i32.const 0))
      (loop $khl
        (local.set $ih (i32.add (i32.sub (i32.mul (local.get $oh) (local.get $sh)) (local.get $ph)) (i32.mul (local.get $kh) (local.get $dh))))
        (if (i32.lt_u (local.get $ih) (local.get $H)) (then
          (local.set $xr (i32.add (local.get $px) (i32.shl (i32.mul (i32.add (i32.mul (local.get $c) (local.get $H)) (local.get $ih)) (local.get $W)) (i32.const 2))))
          (local.set $kw (i32.const 0))
          (loop $kwl
            (local.set $t (i32.add (local.get $tab) (i32.mul (local.get $kw) (i32.const 12))))
            (local.set $ow (i32.load (local.get $t)))
            (local.set $hi (i32.load offset=4 (local.get $t)))
            (local.set $off (i32.load offset=8 (local.get $t)))
            (local.set $wv (f32.load (i32.add (local.get $pw) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $c) (local.get $KH)) (local.get $kh)) (local.get $KW)) (local.get $kw)) (i32.const 2)))))
            (if (i32.eq (local.get $sw) (i32.const 1)) (then
              (local.set $wvv (f32x4.splat (local.get $wv)))
              (block $vd (loop $vl
                (br_if $vd (i32.gt_s (i32.add (local.get $ow) (i32.const 4)) (local.get $hi)))
                (v128.store align=4 (i32.add (local.get $yr) (i32.shl (local.get $ow) (i32.const 2)))
                  (f32x4.add (v128.load align=4 (i32.add (local.get $yr) (i32.shl (local.get $ow) (i32.const 2))))
                    (f32x4.mul (local.get $wvv) (v128.load align=4 (i32.add (local.get $xr) (i32.shl (i32.add (local.get $ow) (local.get $off)) (i32.const 2)))))))
                (local.set $ow (i32.add (local.get $ow) (i32.const 4)))
                (br $vl)))))
            (if (i32.eq (local.get $sw) (i32.const 2)) (then
              (local.set $wvv (f32x4.splat (local.get $wv)))
              (block $v2d (loop $v2l
                (br_if $v2d (i32.gt_s (i32.add (local.get $ow) (i32.const 4)) (local.get $hi)))
                (local.set $t (i32.add (local.get $xr) (i32.shl (i32.add (i32.shl (local.get $ow) (i32.const 1)) (local.get $off)) (i32.const 2))))
                (v128.store align=4 (i32.add (local.get $yr) (i32.shl (local.get $ow) (i32.const 2)))
                  (f32x4.add (v128.load align=4 (i32.add (local.get $yr) (i32.shl (local.get $ow) (i32.const 2))))
                    (f32x4.mul (local.get $wvv) (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
                      (v128.load align=4 (local.get $t)) (v128.load offset=16 align=4 (local.get $t))))))
                (local.set $ow (i32.add (local.get $ow) (i32.const 4)))
                (br $v2l)))))
            (block $sd (loop $sl
              (br_if $sd (i32.ge_s (local.get $ow) (local.get $hi)))
              (f32.store (i32.add (local.get $yr) (i32.shl (local.get $ow) (i32.const 2)))
                (f32.add (f32.load (i32.add (local.get $yr) (i32.shl (local.get $ow) (i32.const 2))))
                  (f32.mul (local.get $wv) (f32.load (i32.add (local.get $xr) (i32.shl (i32.add (i32.mul (local.get $ow) (local.get $sw)) (local.get $off)) (i32.const 2)))))))
              (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
              (br $sl)))
            (br_if $kwl (i32.lt_s (local.tee $kw (i32.add (local.get $kw) (i32.const 1))) (local.get $KW))))))
        (br_if $khl (i32.lt_s (local.tee $kh (i32.add (local.get $kh) (i32.const 1))) (local.get $KH))))
      (br_if $rows (i32.lt_s (local.tee $oh (i32.add (local.get $oh) (i32.const 1))) (local.get $OH))))
    (br_if $ch (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $C)))))`;

export function dwWat(): string { return DW; }

// The column matrix of a 2-D (or 1-D as H = 1) float32 conv, built in wasm memory from X copied
// in (device/wasm/Conv.ts): col[(c, kh, kw), j] for output rows [r0, r1), j = (r - r0) * OW + ow,
// the values device/kernels/nn/im2col.ts writes (zeros where the window reads padding). X [Cg, H, W]
// at px; tab as for "dw" (i32 lo, hi, off per kw, colTaps); input row = r * sh - ph + kh * dh.
// Unit column stride copies four floats at a time.
var COLS = `(func $zero (param $p i32) (param $n i32)
  (block $d (loop $l
    (br_if $d (i32.le_s (local.get $n) (i32.const 0)))
    (f32.store (local.get $p) (f32.const 0))
    (local.set $p (i32.add (local.get $p) (i32.const 4)))
    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
    (br $l))))
(func (export "colsf") (param $px i32) (param $p i32) (param $tab i32) (param $Cg i32) (param $H i32) (param $W i32)
    (param $OW i32) (param $KH i32) (param $KW i32) (param $r0 i32) (param $r1 i32) (param $sh i32) (param $ph i32) (param $dh i32) (param $sw i32)
  (local $c i32) (local $kh i32) (local $kw i32) (local $r i32) (local $ih i32) (local $lo i32) (local $hi i32) (local $off i32)
  (local $xc i32) (local $src i32) (local $ow i32) (local $t i32) (local $row i32)
  (local.set $row (i32.shl (local.get $OW) (i32.const 2)))
  (loop $cl
    (local.set $xc (i32.add (local.get $px) (i32.shl (i32.mul (local.get $c) (i32.mul (local.get $H) (local.get $W))) (i32.const 2))))
    (local.set $kh (i32.const 0))
    (loop $khl
      (local.set $kw (i32.const 0))
      (loop $kwl
        (local.set $t (i32.add (local.get $tab) (i32.mul (local.get $kw) (i32.const 12))))
        (local.set $lo (i32.load (local.get $t)))
        (local.set $hi (i32.load offset=4 (local.get $t)))
        (local.set $off (i32.load offset=8 (local.get $t)))
        (local.set $r (local.get $r0))
        (block $rd (loop $rl
          (br_if $rd (i32.ge_s (local.get $r) (local.get $r1)))
          (local.set $ih (i32.add (i32.sub (i32.mul (local.get $r) (local.get $sh)) (local.get $ph)) (i32.mul (local.get $kh) (local.get $dh))))
          (if (i32.or (i32.lt_s (local.get $ih) (i32.const 0)) (i32.ge_s (local.get $ih) (local.get $H)))
            (then (call $zero (local.get $p) (local.get $OW)))
            (else
              (local.set $src (i32.add (local.get $xc) (i32.shl (i32.add (i32.mul (local.get $ih) (local.get $W)) (local.get $off)) (i32.const 2))))
              (call $zero (local.get $p) (local.get $lo))
              (local.set $ow (local.get $lo))
              (if (i32.eq (local.get $sw) (i32.const 1)) (then
                (block $vd (loop $vl
                  (br_if $vd (i32.gt_s (i32.add (local.get $ow) (i32.const 4)) (local.get $hi)))
                  (v128.store align=4 (i32.add (local.get $p) (i32.shl (local.get $ow) (i32.const 2)))
                    (v128.load align=4 (i32.add (local.get $src) (i32.shl (local.get $ow) (i32.const 2)))))
                  (local.set $ow (i32.add (local.get $ow) (i32.const 4)))
                  (br $vl)))))
              (block $sd (loop $sl
                (br_if $sd (i32.ge_s (local.get $ow) (local.get $hi)))
                (f32.store (i32.add (local.get $p) (i32.shl (local.get $ow) (i32.const 2)))
                  (f32.load (i32.add (local.get $src) (i32.shl (i32.mul (local.get $ow) (local.get $sw)) (i32.const 2)))))
                (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                (br $sl)))
              (call $zero (i32.add (local.get $p) (i32.shl (local.get $hi) (i32.const 2))) (i32.sub (local.get $OW) (local.get $hi)))))
          (local.set $p (i32.add (local.get $p) (local.get $row)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br $rl)))
        (br_if $kwl (i32.lt_s (local.tee $kw (i32.add (local.get $kw) (i32.const 1))) (local.get $KW))))
      (br_if $khl (i32.lt_s (local.tee $kh (i32.add (local.get $kh) (i32.const 1))) (local.get $KH))))
    (br_if $cl (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $Cg)))))`;

export function colsWatF32(): string { return COLS; }
