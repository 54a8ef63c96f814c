// The WAT source of the integer GEMM routine of the WebAssembly core (device/wasm/QConv.ts,
// device/wasm/QMatMul.ts: the static int8 kernels, tinyonnx.int8 QConv and QMatMul):
//   Y[m,n] = (mode 2: bias[m], mode 3: bias[n], else 0) + sum_k A[m,k] * B[k,n]      (int32)
// A, B hold int16 values (the int8/uint8 values less their zero points, |v| <= 255); Y and bias
// int32. The kernels check at load that no sum can leave int32 (K * max|a| * max|b| + max|bias|
// < 2^31), so the accumulators are exact integers: the same integers as the JS kernels' double
// accumulators, requantized afterwards by the same JS function (int8/requant.ts): bit-exact.
// Layout, with K taken in pairs (k = 2p, 2p + 1; an odd K padded with a zero row of A or B):
//   A row-major, lda bytes apart, each row K int16: a pair is one 32-bit word (load32_splat);
//   B pair-interleaved: row p (ldb bytes) holds, for each column n, B[2p, n] and B[2p+1, n] as
//   two int16, so one 16-byte vector is 4 columns x 2 k; i32x4.dot_i16x8_s multiplies it by the
//   splat pair of A and adds the two products: 8 multiply-adds per instruction (f32x4: 4).
// N must be a multiple of 4 (the kernels pad the columns); K (pairs) >= 1. Register tiles of R rows
// x V four-column vectors, as the float routine (gemmWat.ts), whose driver shape this follows.

import { tileLoop, rowBiasAndStores } from './gemmWat';

// One R x V tile over all K pairs: i32x4.dot_i16x8_s, 8 multiply-adds of int16 pairs into 4 int32 lanes.
// The bias (mode 2: one per row, a splat; mode 3: one per column, a vector of 4) added in
// registers, then the stores: no call per vector.
function tile(R: number, V: number): string {
  var L = tileLoop(`q${R}x${V}`, R, V, (c, b) => `(i32x4.add (local.get ${c}) (i32x4.dot_i16x8_s (local.get $a) (local.get ${b})))`);
  L.push('  (if (i32.eq (local.get $mode) (i32.const 3)) (then');
  for (var v = 0; v < V; v++) {
    L.push(`    (local.set $a (v128.load offset=${16 * v} align=4 (local.get $bias)))`);
    for (var r = 0; r < R; r++) L.push(`    (local.set $c${r}${v} (i32x4.add (local.get $c${r}${v}) (local.get $a)))`);
  }
  L.push('  ))');
  return L.concat(rowBiasAndStores(R, V, 'i32x4.add')).join('\n');
}

// Calls tile $name over rows [m, M) in steps of R, at column n. The bias pointer: row m's
// (mode 2) or column n's (mode 3).
function callTile(name: string, R: number): string {
  return `(block $done${name} (loop $rows${name}
        (br_if $done${name} (i32.gt_s (i32.add (local.get $m) (i32.const ${R})) (local.get $M)))
        (call $${name} (local.get $K) (i32.add (local.get $a) (i32.mul (local.get $m) (local.get $lda))) (local.get $lda)
          (i32.add (local.get $b) (i32.shl (local.get $n) (i32.const 2))) (local.get $ldb)
          (i32.add (i32.add (local.get $y) (i32.mul (local.get $m) (local.get $ldy))) (i32.shl (local.get $n) (i32.const 2))) (local.get $ldy)
          (i32.add (local.get $bias) (i32.shl (select (local.get $n) (local.get $m) (i32.eq (local.get $mode) (i32.const 3))) (i32.const 2)))
          (local.get $mode))
        (local.set $m (i32.add (local.get $m) (i32.const ${R})))
        (br $rows${name})))`;
}

function columns(cols: number, tiles: [number, string][]): string {
  return `(block $qcdone${cols} (loop $qcols${cols}
      (br_if $qcdone${cols} (i32.gt_s (i32.add (local.get $n) (i32.const ${cols})) (local.get $N)))
      (local.set $m (i32.const 0))
      ${tiles.map(t => callTile(t[1], t[0])).join('\n      ')}
      (local.set $n (i32.add (local.get $n) (i32.const ${cols})))
      (br $qcols${cols})))`;
}

// Fewer than 4 rows (the matrix-vector products of the wake-word classifiers) take 16 columns
// at a time, four accumulator chains in parallel.
var DRIVER = `(func (export "qgemm") (param $M i32) (param $N i32) (param $K i32) (param $a i32) (param $lda i32)
    (param $b i32) (param $ldb i32) (param $y i32) (param $ldy i32) (param $bias i32) (param $mode i32)
  (local $m i32) (local $n i32)
  (if (i32.lt_s (local.get $M) (i32.const 4)) (then
    ${columns(16, [[1, 'q1x4']])}))
  ${columns(8, [[4, 'q4x2'], [1, 'q1x2']])}
  ${columns(4, [[4, 'q4x1'], [1, 'q1x1']])})`;

export function qgemmWat(): string {
  return [tile(4, 2), tile(1, 4), tile(1, 2), tile(4, 1), tile(1, 1), DRIVER].join('\n');
}

// rq's vector part, for one channel per call (step 0): 16 accumulators a step,
// the same integers as the scalar loop. The signed 32 x 32 -> 64 products (i64x2.extmul, one
// pmuldq on x64) are exact; the rounding shifts are logical (x64 has no 64-bit arithmetic
// shift in SSE): with 2^63 added (a multiple of 2^s), (p + 2^63 + h - 1 + bit s of p) >>u s is
// floor((p + h - 1 + (f & 1)) / 2^s) + 2^(63 - s), and the low 32 bits less those of 2^(63 - s)
// are the result mod 2^32. For those to be the result itself, accumulators are first clamped
// to [-lim(n), lim(m)], where the result is past -+2^15 anyway (so past the final clamp):
//   lim(m) = min(floor(2^(s + 15) / m) + 1, 2^31)   (2^31: none, as when m = 0 or s >= 47);
// with no limit, -2^31 stays as it is (it may sit on a tie where -2^31 + 1 does not).
function rqLimit(m: string): string {
  return `(if (result i64) (i32.or (i32.eqz (local.get ${m})) (i64.ge_u (local.get $s) (i64.const 47))) (then (i64.const 2147483648))
    (else (local.set $p (i64.add (i64.div_u (i64.shl (i64.const 1) (i64.add (local.get $s) (i64.const 15))) (i64.extend_i32_u (local.get ${m}))) (i64.const 1)))
      (select (i64.const 2147483648) (local.get $p) (i64.gt_u (local.get $p) (i64.const 2147483648)))))`;
}

// 4 results at byte offset o from $pa: clamped accumulator, product, rounding, zero point, clamp.
function rqQuad(o: number, v: string): string {
  var half = (e: string) => `(i64x2.shr_u (i64x2.add (i64x2.add ${e} (local.get $vc))
      (v128.and (i64x2.shr_u ${e} (local.get $sh)) (local.get $one))) (local.get $sh))`;
  return `(local.set $q (i32x4.min_s (i32x4.max_s (v128.load offset=${o} align=4 (local.get $pa)) (local.get $alo)) (local.get $ahi)))
    (local.set $m (v128.bitselect (local.get $vmn) (local.get $vmp) (i32x4.lt_s (local.get $q) (local.get $zero))))
    (local.set $pl (i64x2.extmul_low_i32x4_s (local.get $q) (local.get $m)))
    (local.set $ph (i64x2.extmul_high_i32x4_s (local.get $q) (local.get $m)))
    (local.set ${v} (i32x4.min_s (i32x4.max_s (i32x4.add (local.get $zo)
      (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 ${half('(local.get $pl)')} ${half('(local.get $ph)')}))
      (local.get $vlo)) (local.get $vhi)))`;
}

// A fused table (QLookup) on the 16 bytes of $r0: byte b is the value mod 256, b + toff its entry.
function rqLookup(): string {
  var out = '(local.set $r0 (i8x16.add (local.get $r0) (i8x16.splat (local.get $toff))))';
  for (var j = 0; j < 16; j++) out += `\n        (i32.store8 offset=${j} (local.get $py) (i32.load8_u (i32.add (local.get $pt) (i8x16.extract_lane_u ${j} (local.get $r0)))))`;
  return out;
}

var RQ_SIMD_LOCALS = `(local $sh i32) (local $end16 i32) (local $vmp v128) (local $vmn v128) (local $alo v128) (local $ahi v128) (local $vc v128)
  (local $one v128) (local $zero v128) (local $zo v128) (local $vlo v128) (local $vhi v128) (local $q v128) (local $m v128) (local $pl v128) (local $ph v128)
  (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $u i32)`;

var RQ_SIMD = `
    (local.set $s (i64.extend_i32_u (i32.load (local.get $ps))))
    (local.set $sh (i32.wrap_i64 (local.get $s)))
    (local.set $vmp (v128.load32_splat (local.get $pm)))
    (local.set $vmn (v128.load32_splat (local.get $pn)))
    (local.set $a (i32.load (local.get $pm)))
    (local.set $p ${rqLimit('$a')})
    (local.set $ahi (i32x4.splat (i32.wrap_i64 (select (i64.const 2147483647) (local.get $p) (i64.eq (local.get $p) (i64.const 2147483648))))))
    (local.set $a (i32.load (local.get $pn)))
    (local.set $alo (i32x4.splat (i32.wrap_i64 (i64.sub (i64.const 0) ${rqLimit('$a')}))))
    (local.set $vc (i64x2.splat (i64.add (i64.const 0x8000000000000000) (i64.sub (i64.shl (i64.const 1) (i64.sub (local.get $s) (i64.const 1))) (i64.const 1)))))
    (local.set $one (i64x2.splat (i64.const 1)))
    (local.set $zo (i32x4.splat (i32.sub (local.get $zp) (i32.wrap_i64 (i64.shl (i64.const 1) (i64.sub (i64.const 63) (local.get $s)))))))
    (local.set $vlo (i32x4.splat (local.get $lo)))
    (local.set $vhi (i32x4.splat (local.get $hi)))
    (local.set $u (i32.ge_s (local.get $lo) (i32.const 0)))
    (local.set $end16 (i32.add (local.get $pa) (i32.shl (i32.and (local.get $n) (i32.const -16)) (i32.const 2))))
    (block $done (loop $l16
      (br_if $done (i32.ge_u (local.get $pa) (local.get $end16)))
      ${rqQuad(0, '$r0')}
      ${rqQuad(16, '$r1')}
      ${rqQuad(32, '$r2')}
      ${rqQuad(48, '$r3')}
      (local.set $r0 (i16x8.narrow_i32x4_s (local.get $r0) (local.get $r1)))
      (local.set $r2 (i16x8.narrow_i32x4_s (local.get $r2) (local.get $r3)))
      (local.set $r0 (select (i8x16.narrow_i16x8_u (local.get $r0) (local.get $r2)) (i8x16.narrow_i16x8_s (local.get $r0) (local.get $r2)) (local.get $u)))
      (if (local.get $pt) (then ${rqLookup()}) (else (v128.store align=1 (local.get $py) (local.get $r0))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 64)))
      (local.set $py (i32.add (local.get $py) (i32.const 16)))
      (br $l16)))
    (local.set $n (i32.and (local.get $n) (i32.const 15)))`;

// The requantization of n int32 accumulators (acc, 4 bytes apart) into n int8/uint8 bytes (y):
//   y = clamp(zp + roundHalfEven(acc * mult / 2^shift), lo, hi)
// exactly as int8/requant.ts rqRound (and rqRow) compute it: |acc| < 2^31 and mult < 2^31, so the
// product p is an exact i64, and with f = floor(p / 2^s), h = 2^(s - 1):
//   roundHalfEven(p / 2^s) = floor((p + h - 1 + (f & 1)) / 2^s)
// (the remainder r = p - f * 2^s carries over iff r + h - 1 + (f & 1) >= 2^s: r > h, or r = h
// and f odd), without a branch. The clamp is in i64, before the low byte is stored.
// The multiplier of negative accumulators is read at pn (a fused LeakyRelu; pn = pm without
// one), the positive one at pm, the shift at ps; all three advance by `step` bytes per element
// (0: one channel for the whole row, 4: one per element). With a table (pt > 0: 256 bytes, a
// fused QLookup), y = table[value + toff].
var RQ = `(func (export "rq") (param $pa i32) (param $n i32) (param $py i32) (param $pm i32) (param $pn i32) (param $ps i32)
    (param $step i32) (param $zp i32) (param $lo i32) (param $hi i32) (param $pt i32) (param $toff i32)
  (local $a i32) (local $end i32) (local $s i64) (local $p i64) (local $f i64) (local $lo64 i64) (local $hi64 i64)
  ${RQ_SIMD_LOCALS}
  (if (i32.le_s (local.get $n) (i32.const 0)) (then (return)))
  (if (i32.eqz (local.get $step)) (then ${RQ_SIMD}))
  (if (i32.le_s (local.get $n) (i32.const 0)) (then (return)))
  (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $n) (i32.const 2))))
  (local.set $lo64 (i64.extend_i32_s (i32.sub (local.get $lo) (local.get $zp))))
  (local.set $hi64 (i64.extend_i32_s (i32.sub (local.get $hi) (local.get $zp))))
  (loop $l
    (local.set $a (i32.load (local.get $pa)))
    (local.set $s (i64.extend_i32_u (i32.load (local.get $ps))))
    (local.set $p (i64.mul (i64.extend_i32_s (local.get $a))
      (i64.extend_i32_u (i32.load (select (local.get $pn) (local.get $pm) (i32.lt_s (local.get $a) (i32.const 0)))))))
    (local.set $f (i64.shr_s
      (i64.add (i64.add (local.get $p) (i64.sub (i64.shl (i64.const 1) (i64.sub (local.get $s) (i64.const 1))) (i64.const 1)))
        (i64.and (i64.shr_s (local.get $p) (local.get $s)) (i64.const 1)))
      (local.get $s)))
    (local.set $f (select (local.get $lo64) (local.get $f) (i64.lt_s (local.get $f) (local.get $lo64))))
    (local.set $f (select (local.get $hi64) (local.get $f) (i64.gt_s (local.get $f) (local.get $hi64))))
    (local.set $a (i32.add (i32.wrap_i64 (local.get $f)) (local.get $zp)))
    (if (local.get $pt) (then (local.set $a (i32.load8_u (i32.add (local.get $pt) (i32.add (local.get $a) (local.get $toff)))))))
    (i32.store8 (local.get $py) (local.get $a))
    (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
    (local.set $py (i32.add (local.get $py) (i32.const 1)))
    (local.set $pm (i32.add (local.get $pm) (local.get $step)))
    (local.set $pn (i32.add (local.get $pn) (local.get $step)))
    (local.set $ps (i32.add (local.get $ps) (local.get $step)))
    (br_if $l (i32.lt_u (local.get $pa) (local.get $end)))))`;

export function rqWat(): string {
  return RQ;
}

// The columns of QConv (device/wasm/QConv.ts) for one kernel tap and channel pair, over output
// rows r0..r1-1: the 32-bit words (two int16 channels) of x at input column o2 * s2 + off for
// output column o2 in [lo, hi), 0 elsewhere and for rows whose window reads padding. Rows of OW
// words from p on; x: the pair's plane (X0 x X1 x X2 words); input row of output row r:
// i0 = (r / O1) * st0 + b0, i1 = (r % O1) * st1 + b1.
var COLS = `(func (export "cols") (param $x i32) (param $p i32) (param $r0 i32) (param $r1 i32) (param $O1 i32) (param $OW i32)
    (param $X0 i32) (param $X1 i32) (param $X2 i32) (param $st0 i32) (param $st1 i32) (param $s2 i32) (param $b0 i32) (param $b1 i32)
    (param $lo i32) (param $hi i32) (param $off i32)
  (local $r i32) (local $o0 i32) (local $i0 i32) (local $i1 i32) (local $src i32) (local $ow i32) (local $step i32)
  (local.set $step (i32.shl (local.get $s2) (i32.const 2)))
  (local.set $r (local.get $r0))
  (block $done (loop $rows
    (br_if $done (i32.ge_s (local.get $r) (local.get $r1)))
    (local.set $o0 (i32.div_u (local.get $r) (local.get $O1)))
    (local.set $i0 (i32.add (i32.mul (local.get $o0) (local.get $st0)) (local.get $b0)))
    (local.set $i1 (i32.add (i32.mul (i32.sub (local.get $r) (i32.mul (local.get $o0) (local.get $O1))) (local.get $st1)) (local.get $b1)))
    (local.set $ow (i32.const 0))
    (if (i32.and (i32.lt_u (local.get $i0) (local.get $X0)) (i32.lt_u (local.get $i1) (local.get $X1))) (then
      (block $z0 (loop $zl
        (br_if $z0 (i32.ge_s (local.get $ow) (local.get $lo)))
        (i32.store (i32.add (local.get $p) (i32.shl (local.get $ow) (i32.const 2))) (i32.const 0))
        (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
        (br $zl)))
      (local.set $src (i32.add (local.get $x) (i32.shl (i32.add (i32.add (i32.mul (i32.add (i32.mul (local.get $i0) (local.get $X1)) (local.get $i1)) (local.get $X2))
        (local.get $off)) (i32.mul (local.get $ow) (local.get $s2))) (i32.const 2))))
      (block $c0 (loop $cl
        (br_if $c0 (i32.ge_s (local.get $ow) (local.get $hi)))
        (i32.store (i32.add (local.get $p) (i32.shl (local.get $ow) (i32.const 2))) (i32.load (local.get $src)))
        (local.set $src (i32.add (local.get $src) (local.get $step)))
        (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
        (br $cl)))))
    (block $z1 (loop $zr
      (br_if $z1 (i32.ge_s (local.get $ow) (local.get $OW)))
      (i32.store (i32.add (local.get $p) (i32.shl (local.get $ow) (i32.const 2))) (i32.const 0))
      (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
      (br $zr)))
    (local.set $p (i32.add (local.get $p) (i32.shl (local.get $OW) (i32.const 2))))
    (local.set $r (i32.add (local.get $r) (i32.const 1)))
    (br $rows))))`;

// x (C planes of `plane` int8, or uint8 when u) less its zero point into channel-pair words:
// channel cc = gi * Cg + ci to the int16 at ((gi * CP + (ci >> 1)) * plane + q) * 2 + (ci & 1).
var XPAIRS = `(func (export "xpairs") (param $src i32) (param $dst i32) (param $C i32) (param $Cg i32) (param $CP i32) (param $plane i32)
    (param $xz i32) (param $u i32)
  (local $cc i32) (local $gi i32) (local $ci i32) (local $d i32) (local $s i32) (local $end i32) (local $v i32)
  (block $done (loop $ch
    (br_if $done (i32.ge_s (local.get $cc) (local.get $C)))
    (local.set $gi (i32.div_u (local.get $cc) (local.get $Cg)))
    (local.set $ci (i32.sub (local.get $cc) (i32.mul (local.get $gi) (local.get $Cg))))
    (local.set $d (i32.add (local.get $dst) (i32.add (i32.shl (i32.mul (i32.add (i32.mul (local.get $gi) (local.get $CP)) (i32.shr_u (local.get $ci) (i32.const 1)))
      (local.get $plane)) (i32.const 2)) (i32.shl (i32.and (local.get $ci) (i32.const 1)) (i32.const 1)))))
    (local.set $s (i32.add (local.get $src) (i32.mul (local.get $cc) (local.get $plane))))
    (local.set $end (i32.add (local.get $s) (local.get $plane)))
    (block $pd (loop $px
      (br_if $pd (i32.ge_u (local.get $s) (local.get $end)))
      (local.set $v (select (i32.load8_u (local.get $s)) (i32.load8_s (local.get $s)) (local.get $u)))
      (i32.store16 (local.get $d) (i32.sub (local.get $v) (local.get $xz)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (br $px)))
    (local.set $cc (i32.add (local.get $cc) (i32.const 1)))
    (br $ch))))`;

export function colsWat(): string {
  return [COLS, XPAIRS].join('\n');
}

// n int8 (or uint8 when u) bytes at src, less z, as int16 at dst (QMatMul's a).
var WIDEN = `(func (export "widen") (param $src i32) (param $dst i32) (param $n i32) (param $z i32) (param $u i32)
  (local $end i32)
  (local.set $end (i32.add (local.get $src) (local.get $n)))
  (block $done (loop $l
    (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
    (i32.store16 (local.get $dst) (i32.sub (select (i32.load8_u (local.get $src)) (i32.load8_s (local.get $src)) (local.get $u)) (local.get $z)))
    (local.set $src (i32.add (local.get $src) (i32.const 1)))
    (local.set $dst (i32.add (local.get $dst) (i32.const 2)))
    (br $l))))`;

export function widenWat(): string {
  return WIDEN;
}

// QuantizeLinear of n float32 at src by one float32 scale into n int8/uint8 bytes at dst:
// y = clamp(roundHalfEven(x / scale) + zp, lo, hi), NaN to lo, as quant/round.ts quantize of
// roundArith(float32, x / scale): f32.div rounds as Math.fround of the double quotient does (a
// float32 quotient of float32 operands), f32.nearest is round half to even; the clamp is taken
// on the rounded value against lo - zp and hi - zp (small integers, exact in float32).
var QUANT = `(func (export "quant") (param $src i32) (param $dst i32) (param $n i32) (param $scale f32) (param $zp i32) (param $lo i32) (param $hi i32)
  (local $end i32) (local $v f32) (local $l f32) (local $h f32)
  (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
  (local.set $l (f32.convert_i32_s (i32.sub (local.get $lo) (local.get $zp))))
  (local.set $h (f32.convert_i32_s (i32.sub (local.get $hi) (local.get $zp))))
  (block $done (loop $q
    (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
    (local.set $v (f32.nearest (f32.div (f32.load (local.get $src)) (local.get $scale))))
    (local.set $v (select (select (local.get $v) (local.get $h) (f32.le (local.get $v) (local.get $h))) (local.get $l) (f32.ge (local.get $v) (local.get $l))))
    (i32.store8 (local.get $dst) (i32.add (i32.trunc_f32_s (local.get $v)) (local.get $zp)))
    (local.set $src (i32.add (local.get $src) (i32.const 4)))
    (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
    (br $q))))`;

export function quantWat(): string {
  return QUANT;
}

// QMaxPool without requantization (device/wasm/QMaxPool.ts): over NC planes of int8 (uint8 when
// u) x, y = clamp(max over the window, lo, hi), windows as int8/poolGeom.ts poolPlane walks them:
// input start i = o * st - pb per axis, taps k in [klo[o], khi[o]) at i + k * dl. The tables at pk:
// klo0[Y0] khi0[Y0] klo1[Y1] khi1[Y1] klo2[Y2] khi2[Y2], int32. An empty window gives lo.
var MAXPOOL = `(func (export "maxpool") (param $x i32) (param $y i32) (param $NC i32) (param $X0 i32) (param $X1 i32) (param $X2 i32)
    (param $Y0 i32) (param $Y1 i32) (param $Y2 i32) (param $st0 i32) (param $st1 i32) (param $st2 i32) (param $pb0 i32) (param $pb1 i32) (param $pb2 i32)
    (param $dl0 i32) (param $dl1 i32) (param $dl2 i32) (param $pk i32) (param $u i32) (param $lo i32) (param $hi i32)
  (local $c i32) (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $k0 i32) (local $k1 i32) (local $k2 i32) (local $h0 i32) (local $h1 i32) (local $h2 i32)
  (local $t1 i32) (local $t2 i32) (local $r0 i32) (local $r1 i32) (local $v i32) (local $e i32) (local $plane i32) (local $row i32)
  (local.set $plane (i32.mul (i32.mul (local.get $X0) (local.get $X1)) (local.get $X2)))
  (local.set $row (i32.mul (local.get $X1) (local.get $X2)))
  (local.set $t1 (i32.add (local.get $pk) (i32.shl (local.get $Y0) (i32.const 3))))
  (local.set $t2 (i32.add (local.get $t1) (i32.shl (local.get $Y1) (i32.const 3))))
  (block $dc (loop $lc
    (br_if $dc (i32.ge_s (local.get $c) (local.get $NC)))
    (local.set $o0 (i32.const 0))
    (block $d0 (loop $l0
      (br_if $d0 (i32.ge_s (local.get $o0) (local.get $Y0)))
      (local.set $o1 (i32.const 0))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_s (local.get $o1) (local.get $Y1)))
        (local.set $o2 (i32.const 0))
        (block $d2 (loop $l2
          (br_if $d2 (i32.ge_s (local.get $o2) (local.get $Y2)))
          (local.set $v (i32.const -1000))
          (local.set $k0 (i32.load (i32.add (local.get $pk) (i32.shl (local.get $o0) (i32.const 2)))))
          (local.set $h0 (i32.load (i32.add (local.get $pk) (i32.shl (i32.add (local.get $o0) (local.get $Y0)) (i32.const 2)))))
          (block $e0 (loop $m0
            (br_if $e0 (i32.ge_s (local.get $k0) (local.get $h0)))
            (local.set $r0 (i32.add (local.get $x) (i32.mul (i32.add (i32.sub (i32.mul (local.get $o0) (local.get $st0)) (local.get $pb0))
              (i32.mul (local.get $k0) (local.get $dl0))) (local.get $row))))
            (local.set $k1 (i32.load (i32.add (local.get $t1) (i32.shl (local.get $o1) (i32.const 2)))))
            (local.set $h1 (i32.load (i32.add (local.get $t1) (i32.shl (i32.add (local.get $o1) (local.get $Y1)) (i32.const 2)))))
            (block $e1 (loop $m1
              (br_if $e1 (i32.ge_s (local.get $k1) (local.get $h1)))
              (local.set $r1 (i32.add (i32.add (local.get $r0) (i32.mul (i32.add (i32.sub (i32.mul (local.get $o1) (local.get $st1)) (local.get $pb1))
                (i32.mul (local.get $k1) (local.get $dl1))) (local.get $X2))) (i32.sub (i32.mul (local.get $o2) (local.get $st2)) (local.get $pb2))))
              (local.set $k2 (i32.load (i32.add (local.get $t2) (i32.shl (local.get $o2) (i32.const 2)))))
              (local.set $h2 (i32.load (i32.add (local.get $t2) (i32.shl (i32.add (local.get $o2) (local.get $Y2)) (i32.const 2)))))
              (block $e2 (loop $m2
                (br_if $e2 (i32.ge_s (local.get $k2) (local.get $h2)))
                (local.set $e (i32.add (local.get $r1) (i32.mul (local.get $k2) (local.get $dl2))))
                (local.set $e (select (i32.load8_u (local.get $e)) (i32.load8_s (local.get $e)) (local.get $u)))
                (local.set $v (select (local.get $e) (local.get $v) (i32.gt_s (local.get $e) (local.get $v))))
                (local.set $k2 (i32.add (local.get $k2) (i32.const 1)))
                (br $m2)))
              (local.set $k1 (i32.add (local.get $k1) (i32.const 1)))
              (br $m1)))
            (local.set $k0 (i32.add (local.get $k0) (i32.const 1)))
            (br $m0)))
          (local.set $v (select (local.get $lo) (local.get $v) (i32.lt_s (local.get $v) (local.get $lo))))
          (local.set $v (select (local.get $hi) (local.get $v) (i32.gt_s (local.get $v) (local.get $hi))))
          (i32.store8 (local.get $y) (local.get $v))
          (local.set $y (i32.add (local.get $y) (i32.const 1)))
          (local.set $o2 (i32.add (local.get $o2) (i32.const 1)))
          (br $l2)))
        (local.set $o1 (i32.add (local.get $o1) (i32.const 1)))
        (br $l1)))
      (local.set $o0 (i32.add (local.get $o0) (i32.const 1)))
      (br $l0)))
    (local.set $x (i32.add (local.get $x) (local.get $plane)))
    (local.set $c (i32.add (local.get $c) (i32.const 1)))
    (br $lc))))`;

export function maxpoolWat(): string {
  return MAXPOOL;
}

// The dynamic int8 kernels (device/wasm/DynQConv.ts, DynQMatMul.ts), around quant, widen /
// xpairs + cols and qgemm:
// "minmax": the range of n float32 at p widened to include 0 (as int8/dynQuant.ts dynRange),
// min at dst, max at dst + 4; the kernel computes scale and zero point from them in JS.
var MINMAX = `(func (export "minmax") (param $p i32) (param $n i32) (param $dst i32)
  (local $end i32) (local $end4 i32) (local $lo v128) (local $hi v128) (local $v v128) (local $a f32) (local $b f32) (local $x f32)
  (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
  (local.set $end4 (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
  (block $vd (loop $vl
    (br_if $vd (i32.ge_u (local.get $p) (local.get $end4)))
    (local.set $v (v128.load align=4 (local.get $p)))
    (local.set $lo (f32x4.pmin (local.get $lo) (local.get $v)))
    (local.set $hi (f32x4.pmax (local.get $hi) (local.get $v)))
    (local.set $p (i32.add (local.get $p) (i32.const 16)))
    (br $vl)))
  (local.set $a (f32.min (f32.min (f32x4.extract_lane 0 (local.get $lo)) (f32x4.extract_lane 1 (local.get $lo)))
    (f32.min (f32x4.extract_lane 2 (local.get $lo)) (f32x4.extract_lane 3 (local.get $lo)))))
  (local.set $b (f32.max (f32.max (f32x4.extract_lane 0 (local.get $hi)) (f32x4.extract_lane 1 (local.get $hi)))
    (f32.max (f32x4.extract_lane 2 (local.get $hi)) (f32x4.extract_lane 3 (local.get $hi)))))
  (block $sd (loop $sl
    (br_if $sd (i32.ge_u (local.get $p) (local.get $end)))
    (local.set $x (f32.load (local.get $p)))
    (local.set $a (select (local.get $x) (local.get $a) (f32.lt (local.get $x) (local.get $a))))
    (local.set $b (select (local.get $x) (local.get $b) (f32.gt (local.get $x) (local.get $b))))
    (local.set $p (i32.add (local.get $p) (i32.const 4)))
    (br $sl)))
  (f32.store (local.get $dst) (local.get $a))
  (f32.store offset=4 (local.get $dst) (local.get $b)))`;

// "dqf": the float epilogue of n int32 accumulators at pa into n float32 at py, as int8/dynQuant.ts
// dynRow (each step an f32 operation, so the same float32 values):
//   y = clamp(v >= 0 ? v : alpha * v, lo, hi),  v = f32(acc) * scale + bias
// scale and bias: one float32 each at ps, pb (per = 0), or one per element (per = 1).
// pmin/pmax are the JS kernel's comparisons (x < lo ? lo : x), -0 and NaN included.
var DQF = `(func (export "dqf") (param $pa i32) (param $n i32) (param $py i32) (param $ps i32) (param $pb i32) (param $per i32)
    (param $alpha f32) (param $lo f32) (param $hi f32)
  (local $end4 i32) (local $end i32) (local $step i32) (local $v v128) (local $s v128) (local $b v128)
  (local $va v128) (local $vl v128) (local $vh v128) (local $x f32) (local $leaky i32)
  (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $n) (i32.const 2))))
  (local.set $end4 (i32.add (local.get $pa) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
  (local.set $step (i32.shl (local.get $per) (i32.const 4)))
  (local.set $leaky (f32.ne (local.get $alpha) (f32.const 1)))
  (local.set $va (f32x4.splat (local.get $alpha)))
  (local.set $vl (f32x4.splat (local.get $lo)))
  (local.set $vh (f32x4.splat (local.get $hi)))
  (local.set $s (v128.load32_splat (local.get $ps)))
  (local.set $b (v128.load32_splat (local.get $pb)))
  (block $vd (loop $vlp
    (br_if $vd (i32.ge_u (local.get $pa) (local.get $end4)))
    (if (local.get $per) (then (local.set $s (v128.load align=4 (local.get $ps))) (local.set $b (v128.load align=4 (local.get $pb)))))
    (local.set $v (f32x4.add (f32x4.mul (f32x4.convert_i32x4_s (v128.load align=4 (local.get $pa))) (local.get $s)) (local.get $b)))
    (if (local.get $leaky) (then
      (local.set $v (v128.bitselect (local.get $v) (f32x4.mul (local.get $v) (local.get $va)) (f32x4.ge (local.get $v) (f32x4.splat (f32.const 0)))))))
    (v128.store align=4 (local.get $py) (f32x4.pmin (f32x4.pmax (local.get $v) (local.get $vl)) (local.get $vh)))
    (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
    (local.set $py (i32.add (local.get $py) (i32.const 16)))
    (local.set $ps (i32.add (local.get $ps) (local.get $step)))
    (local.set $pb (i32.add (local.get $pb) (local.get $step)))
    (br $vlp)))
  (local.set $step (i32.shl (local.get $per) (i32.const 2)))
  (block $sd (loop $sl
    (br_if $sd (i32.ge_u (local.get $pa) (local.get $end)))
    (local.set $x (f32.add (f32.mul (f32.convert_i32_s (i32.load (local.get $pa))) (f32.load (local.get $ps))) (f32.load (local.get $pb))))
    (if (i32.and (local.get $leaky) (f32.lt (local.get $x) (f32.const 0))) (then (local.set $x (f32.mul (local.get $x) (local.get $alpha)))))
    (local.set $x (select (local.get $lo) (local.get $x) (f32.lt (local.get $x) (local.get $lo))))
    (local.set $x (select (local.get $hi) (local.get $x) (f32.gt (local.get $x) (local.get $hi))))
    (f32.store (local.get $py) (local.get $x))
    (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
    (local.set $py (i32.add (local.get $py) (i32.const 4)))
    (local.set $ps (i32.add (local.get $ps) (local.get $step)))
    (local.set $pb (i32.add (local.get $pb) (local.get $step)))
    (br $sl))))`;

// The setup of qpairs and qwiden: the scale splat, and the bounds [-zp, 255 - zp] of the
// quantized value less its zero point, as f32 scalars ($fl, $fh) and splats ($lo, $hi).
var QUANT_BOUNDS = `(local.set $vs (f32x4.splat (local.get $scale)))
  (local.set $fl (f32.convert_i32_s (i32.sub (i32.const 0) (local.get $zp))))
  (local.set $fh (f32.convert_i32_s (i32.sub (i32.const 255) (local.get $zp))))
  (local.set $lo (f32x4.splat (local.get $fl)))
  (local.set $hi (f32x4.splat (local.get $fh)))`;

// "qpairs": QuantizeLinear of x by its run-time scale and zero point, less that zero point,
// straight into xpairs' channel-pair words (device/wasm/DynQConv.ts; quant then xpairs in one
// pass, 4 positions a vector): channel cc = gi * Cg + ci of the C planes of `plane` float32 at src
// to the int16 at ((gi * CP + (ci >> 1)) * plane + q) * 2 + (ci & 1), value
//   clamp(roundHalfEven(f32(x / scale)), -zp, 255 - zp)
// (= clamp(round(x / scale) + zp, 0, 255) - zp, the JS kernel's); the missing channel of an odd
// Cg written as 0.
var QPAIRS = `(func (export "qpairs") (param $src i32) (param $dst i32) (param $C i32) (param $Cg i32) (param $CP i32) (param $plane i32)
    (param $scale f32) (param $zp i32)
  (local $gi i32) (local $pi i32) (local $c0 i32) (local $s0 i32) (local $s1 i32) (local $d i32) (local $q i32) (local $q4 i32) (local $two i32)
  (local $vs v128) (local $lo v128) (local $hi v128) (local $a v128) (local $b v128) (local $fl f32) (local $fh f32)
  ${QUANT_BOUNDS}
  (local.set $q4 (i32.and (local.get $plane) (i32.const -4)))
  (block $gd (loop $gl
    (br_if $gd (i32.ge_s (i32.mul (local.get $gi) (local.get $Cg)) (local.get $C)))
    (local.set $pi (i32.const 0))
    (block $pd (loop $pl
      (br_if $pd (i32.ge_s (local.get $pi) (local.get $CP)))
      (local.set $c0 (i32.add (i32.mul (local.get $gi) (local.get $Cg)) (i32.shl (local.get $pi) (i32.const 1))))
      (local.set $two (i32.lt_s (i32.add (i32.shl (local.get $pi) (i32.const 1)) (i32.const 1)) (local.get $Cg)))
      (local.set $s0 (i32.add (local.get $src) (i32.shl (i32.mul (local.get $c0) (local.get $plane)) (i32.const 2))))
      (local.set $s1 (i32.add (local.get $s0) (i32.shl (local.get $plane) (i32.const 2))))
      (local.set $d (i32.add (local.get $dst) (i32.shl (i32.mul (i32.add (i32.mul (local.get $gi) (local.get $CP)) (local.get $pi)) (local.get $plane)) (i32.const 2))))
      (local.set $q (i32.const 0))
      (block $vd (loop $vl
        (br_if $vd (i32.ge_s (local.get $q) (local.get $q4)))
        (local.set $a (i32x4.trunc_sat_f32x4_s (f32x4.pmin (f32x4.pmax (f32x4.nearest (f32x4.div (v128.load align=4 (local.get $s0)) (local.get $vs)))
          (local.get $lo)) (local.get $hi))))
        (local.set $b (v128.const i32x4 0 0 0 0))
        (if (local.get $two) (then
          (local.set $b (i32x4.trunc_sat_f32x4_s (f32x4.pmin (f32x4.pmax (f32x4.nearest (f32x4.div (v128.load align=4 (local.get $s1)) (local.get $vs)))
            (local.get $lo)) (local.get $hi))))))
        (v128.store align=4 (local.get $d) (i8x16.shuffle 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15 (i16x8.narrow_i32x4_s (local.get $a) (local.get $b)) (local.get $a)))
        (local.set $s0 (i32.add (local.get $s0) (i32.const 16)))
        (local.set $s1 (i32.add (local.get $s1) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (br $vl)))
      (block $sd (loop $sl
        (br_if $sd (i32.ge_s (local.get $q) (local.get $plane)))
        (i32.store16 (local.get $d) (call $qone (f32.load (local.get $s0)) (local.get $scale) (local.get $fl) (local.get $fh)))
        (i32.store16 offset=2 (local.get $d) (select (call $qone (f32.load (local.get $s1)) (local.get $scale) (local.get $fl) (local.get $fh)) (i32.const 0) (local.get $two)))
        (local.set $s0 (i32.add (local.get $s0) (i32.const 4)))
        (local.set $s1 (i32.add (local.get $s1) (i32.const 4)))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $sl)))
      (local.set $pi (i32.add (local.get $pi) (i32.const 1)))
      (br $pl)))
    (local.set $gi (i32.add (local.get $gi) (i32.const 1)))
    (br $gl))))`;

// One value as qpairs computes it: clamp(nearest(x / scale), lo, hi) as an integer.
var QONE = `(func $qone (param $x f32) (param $scale f32) (param $lo f32) (param $hi f32) (result i32)
  (local $v f32)
  (local.set $v (f32.nearest (f32.div (local.get $x) (local.get $scale))))
  (local.set $v (select (local.get $lo) (local.get $v) (f32.lt (local.get $v) (local.get $lo))))
  (local.set $v (select (local.get $hi) (local.get $v) (f32.gt (local.get $v) (local.get $hi))))
  (i32.trunc_sat_f32_s (local.get $v)))`;

// "qwiden": as qpairs for one row of n float32 at src (DynQMatMul's a), into n int16 at dst.
var QWIDEN = `(func (export "qwiden") (param $src i32) (param $dst i32) (param $n i32) (param $scale f32) (param $zp i32)
  (local $end8 i32) (local $end i32) (local $vs v128) (local $lo v128) (local $hi v128) (local $fl f32) (local $fh f32)
  ${QUANT_BOUNDS}
  (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
  (local.set $end8 (i32.add (local.get $src) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
  (block $vd (loop $vl
    (br_if $vd (i32.ge_u (local.get $src) (local.get $end8)))
    (v128.store align=2 (local.get $dst) (i16x8.narrow_i32x4_s
      (i32x4.trunc_sat_f32x4_s (f32x4.pmin (f32x4.pmax (f32x4.nearest (f32x4.div (v128.load align=4 (local.get $src)) (local.get $vs))) (local.get $lo)) (local.get $hi)))
      (i32x4.trunc_sat_f32x4_s (f32x4.pmin (f32x4.pmax (f32x4.nearest (f32x4.div (v128.load offset=16 align=4 (local.get $src)) (local.get $vs))) (local.get $lo)) (local.get $hi)))))
    (local.set $src (i32.add (local.get $src) (i32.const 32)))
    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
    (br $vl)))
  (block $sd (loop $sl
    (br_if $sd (i32.ge_u (local.get $src) (local.get $end)))
    (i32.store16 (local.get $dst) (call $qone (f32.load (local.get $src)) (local.get $scale) (local.get $fl) (local.get $fh)))
    (local.set $src (i32.add (local.get $src) (i32.const 4)))
    (local.set $dst (i32.add (local.get $dst) (i32.const 2)))
    (br $sl))))`;

// "colsv": QConv's "cols" with the copy of a row taken 4 words (one v128) at a time where the
// input columns are contiguous (s2 = 1), then word by word: the same words (DynQConv's columns).
var COPY_LOOP = `      (block $c0 (loop $cl`;
var COLSV = COLS.replace('(export "cols")', '(export "colsv")').replace(COPY_LOOP, `      (if (i32.eq (local.get $s2) (i32.const 1)) (then
        (block $v0 (loop $vl
          (br_if $v0 (i32.gt_s (i32.add (local.get $ow) (i32.const 4)) (local.get $hi)))
          (v128.store align=4 (i32.add (local.get $p) (i32.shl (local.get $ow) (i32.const 2))) (v128.load align=4 (local.get $src)))
          (local.set $src (i32.add (local.get $src) (i32.const 16)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 4)))
          (br $vl)))))
` + COPY_LOOP);

// Assembled per kernel: dyn_f32 for both, dyn_conv (with cols_i16's layout) for DynQConv,
// dyn_mm for DynQMatMul.
export function dynWat(): string {
  return [MINMAX, DQF, QONE].join('\n');
}

export function dynConvWat(): string {
  return [QPAIRS, COLSV].join('\n');
}

export function dynMatMulWat(): string {
  return QWIDEN;
}
