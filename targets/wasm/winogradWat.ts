import { actInline } from './actWat';

// The WAT source of the core's Winograd F(2,3) routines (device/wasm/winograd.ts drives them):
// a 3-tap convolution along one axis (kernels 3x1, 1x3: embedding_model's twenty convs) as four
// products of transformed inputs, 4 multiply-adds per 2 outputs instead of 6. Transforms (points
// 0, +-1, inf): v = (d0 - d2, d1 + d2, d2 - d1, d1 - d3), u = (g0, (g0+g1+g2)/2, (g0-g1+g2)/2, g2),
// y = (m0 + m1 + m2, m1 - m2 - m3), in float32. Not F(4,3), which does a third fewer
// multiply-adds: its float32 transforms put embedding_model's features up to 1.5x onnxruntime's
// tolerance away (0.9x for the column product and for F(2,3), worst of 20 seeded inputs).
// Four tiles at a time: the four lanes are four neighbouring positions across the conv axis.
//
// The view: per channel, lines of the conv axis (L of them, `ls` floats apart; line l holds the
// inputs at that position for all across-positions), tile row r = (a, tt) covers outputs 2tt and
// 2tt+1 of block a (a = r / nT) and reads lines 2tt - pb .. 2tt - pb + 3; lines outside [0, L)
// read the zero row at $pz. Columns j = (r - r0) * Sp + s (Sp: across-positions rounded up to 4;
// lanes past the real ones are never stored).

// w2in: V[k][c][j] (k = 0..3, blocks $vs bytes apart) for tile rows [r0, r1) of C channels.
function w2in(name: string, add: string, sub: string): string {
  return `(func (export "${name}") (param $px i32) (param $pv i32) (param $pz i32) (param $C i32) (param $plane i32)
    (param $L i32) (param $ls i32) (param $Sp i32) (param $nT i32) (param $pb i32) (param $r0 i32) (param $r1 i32)
  (local $c i32) (local $r i32) (local $a i32) (local $l i32) (local $s i32) (local $e i32) (local $d i32) (local $vs i32) (local $xc i32)
  (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32) (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
  (local.set $vs (i32.shl (i32.mul (local.get $C) (i32.mul (i32.sub (local.get $r1) (local.get $r0)) (local.get $Sp))) (i32.const 2)))
  (local.set $d (local.get $pv))
  (loop $ch
    (local.set $xc (i32.add (local.get $px) (i32.shl (i32.mul (local.get $c) (local.get $plane)) (i32.const 2))))
    (local.set $r (local.get $r0))
    (loop $rows
      (local.set $a (i32.div_u (local.get $r) (local.get $nT)))
      (local.set $l (i32.sub (i32.shl (i32.sub (local.get $r) (i32.mul (local.get $a) (local.get $nT))) (i32.const 1)) (local.get $pb)))
      ${[0, 1, 2, 3].map(i => `(local.set $q${i} (call $line (local.get $xc) (local.get $pz) (i32.add (local.get $l) (i32.const ${i})) (local.get $a) (local.get $L) (local.get $ls)))`).join('\n      ')}
      (local.set $s (i32.const 0))
      (loop $across
        ${[0, 1, 2, 3].map(i => `(local.set $d${i} (v128.load align=4 (i32.add (local.get $q${i}) (local.get $s))))`).join('\n        ')}
        (v128.store align=4 (local.get $d) (${sub} (local.get $d0) (local.get $d2)))
        (local.set $e (i32.add (local.get $d) (local.get $vs)))
        (v128.store align=4 (local.get $e) (${add} (local.get $d1) (local.get $d2)))
        (local.set $e (i32.add (local.get $e) (local.get $vs)))
        (v128.store align=4 (local.get $e) (${sub} (local.get $d2) (local.get $d1)))
        (local.set $e (i32.add (local.get $e) (local.get $vs)))
        (v128.store align=4 (local.get $e) (${sub} (local.get $d1) (local.get $d3)))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br_if $across (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 16))) (i32.shl (local.get $Sp) (i32.const 2)))))
      (br_if $rows (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $r1))))
    (br_if $ch (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $C)))))`;
}

// w2out: Y from the products Mx[k][m][j] (blocks $ms bytes apart) plus bias (0: none): output
// (m, a, line 2tt + o, across s) at $py + 4 * (m*mst + a*ast + (2tt+o)*ost + s*sst); a line past
// Lo and across-positions past S are not stored. The fused activation ($kind, 0: none; $a, $lo,
// $hi as for "act") before the stores; vector stores where sst = 1 and four lanes are real, lane by
// lane otherwise.
// The two forms of w2out: their parameters past the strides, the values y0, y1 from m0 (given),
// m1, m2, m3 (given) and the bias $b, what is done to each before it is stored, the lane store.
interface OutForm { head: string; prelude: string; y0: (m0: string) => string; y1: (m3: string) => string; fin: (y: string) => string; put: string }

var FLOAT_OUT: OutForm = {
  head: '    (param $kind i32) (param $a f32) (param $lo f32) (param $hi f32)\n  (local $va v128) (local $vlo v128) (local $vhi v128)\n',
  prelude: '  (local.set $va (f32x4.splat (local.get $a))) (local.set $vlo (f32x4.splat (local.get $lo))) (local.set $vhi (f32x4.splat (local.get $hi)))\n',
  y0: m0 => `(f32x4.add (f32x4.add (f32x4.add ${m0} (local.get $m1)) (local.get $m2)) (local.get $b))`,
  y1: m3 => `(f32x4.add (f32x4.sub (f32x4.sub (local.get $m1) (local.get $m2)) ${m3}) (local.get $b))`,
  fin: actInline, put: '$put',
};

// The integer form (w2out_i, for the int8 convs: device/wasm/QConv.ts, DynQConv.ts): the products
// of U' = 2U (integers: 2g0, g0+g1+g2, g0-g1+g2, 2g2) give twice the sums, even, so y = (m'0 +
// m'1 + m'2) >> 1 and (m'1 - m'2 - m'3) >> 1 exactly; plus the int32 bias, int32 out.
var INT_OUT: OutForm = {
  head: '', prelude: '',
  y0: m0 => `(i32x4.add (i32x4.shr_s (i32x4.add (i32x4.add ${m0} (local.get $m1)) (local.get $m2)) (i32.const 1)) (local.get $b))`,
  y1: m3 => `(i32x4.add (i32x4.shr_s (i32x4.sub (i32x4.sub (local.get $m1) (local.get $m2)) ${m3}) (i32.const 1)) (local.get $b))`,
  fin: () => '', put: '$puti',
};

function w2out(name: string, f: OutForm): string {
  return `(func (export "${name}") (param $pm i32) (param $py i32) (param $pbias i32) (param $M i32) (param $nT i32) (param $Lo i32)
    (param $Sp i32) (param $S i32) (param $r0 i32) (param $r1 i32) (param $mst i32) (param $ast i32) (param $ost i32) (param $sst i32)
${f.head}  (local $m i32) (local $r i32) (local $blk i32) (local $tt i32) (local $two i32) (local $s i32) (local $e i32) (local $ms i32) (local $base i32) (local $o4 i32)
  (local $m1 v128) (local $m2 v128) (local $b v128) (local $vec i32) (local $y v128) (local $at v128)
  (local.set $ms (i32.shl (i32.mul (local.get $M) (i32.mul (i32.sub (local.get $r1) (local.get $r0)) (local.get $Sp))) (i32.const 2)))
${f.prelude}  (local.set $o4 (i32.shl (local.get $ost) (i32.const 2)))
  (local.set $vec (i32.and (i32.eq (local.get $sst) (i32.const 1)) (i32.eq (local.get $S) (local.get $Sp))))
  (local.set $e (local.get $pm))
  (loop $filters
    (local.set $b (if (result v128) (local.get $pbias)
      (then (v128.load32_splat align=4 (i32.add (local.get $pbias) (i32.shl (local.get $m) (i32.const 2))))) (else (v128.const i32x4 0 0 0 0))))
    (local.set $r (local.get $r0))
    (loop $rows
      (local.set $blk (i32.div_u (local.get $r) (local.get $nT)))
      (local.set $tt (i32.shl (i32.sub (local.get $r) (i32.mul (local.get $blk) (local.get $nT))) (i32.const 1)))
      (local.set $two (i32.gt_s (i32.sub (local.get $Lo) (local.get $tt)) (i32.const 1)))
      (local.set $base (i32.add (local.get $py) (i32.shl (i32.add (i32.add (i32.mul (local.get $m) (local.get $mst))
        (i32.mul (local.get $blk) (local.get $ast))) (i32.mul (local.get $tt) (local.get $ost))) (i32.const 2))))
      (local.set $s (i32.const 0))
      (loop $across
        (local.set $m1 (v128.load align=4 (i32.add (local.get $e) (local.get $ms))))
        (local.set $m2 (v128.load align=4 (i32.add (local.get $e) (i32.shl (local.get $ms) (i32.const 1)))))
        (local.set $y ${f.y0('(v128.load align=4 (local.get $e))')})
        ${f.fin('$y')}
        (if (local.get $vec) (then (v128.store align=4 (i32.add (local.get $base) (i32.shl (local.get $s) (i32.const 2))) (local.get $y)))
          (else (call ${f.put} (local.get $base) (local.get $s) (local.get $S) (local.get $sst) (local.get $y))))
        (if (local.get $two) (then
          (local.set $y ${f.y1('(v128.load align=4 (i32.add (local.get $e) (i32.mul (local.get $ms) (i32.const 3))))')})
          ${f.fin('$y')}
          (if (local.get $vec) (then (v128.store align=4 (i32.add (i32.add (local.get $base) (local.get $o4)) (i32.shl (local.get $s) (i32.const 2))) (local.get $y)))
            (else (call ${f.put} (i32.add (local.get $base) (local.get $o4)) (local.get $s) (local.get $S) (local.get $sst) (local.get $y))))))
        (local.set $e (i32.add (local.get $e) (i32.const 16)))
        (br_if $across (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 4))) (local.get $Sp))))
      (br_if $rows (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $r1))))
    (br_if $filters (i32.lt_u (local.tee $m (i32.add (local.get $m) (i32.const 1))) (local.get $M)))))`;
}

// $line: the address of line l of block a of a channel at $xc, or the zero row outside [0, L).
var LINE = `(func $line (param $xc i32) (param $pz i32) (param $l i32) (param $a i32) (param $L i32) (param $ls i32) (result i32)
  (if (result i32) (i32.lt_u (local.get $l) (local.get $L))
    (then (i32.add (local.get $xc) (i32.shl (i32.mul (i32.add (i32.mul (local.get $a) (local.get $L)) (local.get $l)) (local.get $ls)) (i32.const 2))))
    (else (local.get $pz))))`;
// $put / $puti: the lanes of v from across-position s on, sst words apart, those before S only
// (float32 or int32 lanes).
function put(name: string, ty: string): string {
  return `(func ${name} (param $p i32) (param $s i32) (param $S i32) (param $sst i32) (param $v v128)
  (local $n i32)
  (local.set $n (i32.sub (local.get $S) (local.get $s)))
  (local.set $p (i32.add (local.get $p) (i32.shl (i32.mul (local.get $s) (local.get $sst)) (i32.const 2))))
  (local.set $sst (i32.shl (local.get $sst) (i32.const 2)))
  (if (i32.and (i32.ge_s (local.get $n) (i32.const 4)) (i32.eq (local.get $sst) (i32.const 4))) (then (v128.store align=4 (local.get $p) (local.get $v)) (return)))
  (${ty}.store (local.get $p) (${ty}x4.extract_lane 0 (local.get $v)))
  (if (i32.gt_s (local.get $n) (i32.const 1)) (then (${ty}.store (i32.add (local.get $p) (local.get $sst)) (${ty}x4.extract_lane 1 (local.get $v)))))
  (if (i32.gt_s (local.get $n) (i32.const 2)) (then (${ty}.store (i32.add (local.get $p) (i32.shl (local.get $sst) (i32.const 1))) (${ty}x4.extract_lane 2 (local.get $v)))))
  (if (i32.gt_s (local.get $n) (i32.const 3)) (then (${ty}.store (i32.add (local.get $p) (i32.mul (local.get $sst) (i32.const 3))) (${ty}x4.extract_lane 3 (local.get $v))))))`;
}

// w2t: per channel, the R x W plane at $px (rows W floats apart) transposed into W lines of $Rp
// floats at $pt (Rp: R rounded up to 4), 4 x 4 blocks through the shuffles; rows R..Rp-1 read
// past the plane (into the next one, or the slack after the last) and land in lanes never stored.
// W is a multiple of 4.
var W2T = `(func (export "w2t") (param $px i32) (param $pt i32) (param $C i32) (param $R i32) (param $W i32) (param $Rp i32)
  (local $c i32) (local $h i32) (local $w i32) (local $src i32) (local $dst i32) (local $rs i32) (local $ds i32)
  (local $a v128) (local $b v128) (local $x v128) (local $y v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
  (local.set $rs (i32.shl (local.get $W) (i32.const 2))) (local.set $ds (i32.shl (local.get $Rp) (i32.const 2)))
  (loop $ch
    (local.set $h (i32.const 0))
    (loop $rows
      (local.set $w (i32.const 0))
      (loop $cols
        (local.set $src (i32.add (local.get $px) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $c) (local.get $R)) (local.get $h)) (local.get $W)) (local.get $w)) (i32.const 2))))
        (local.set $a (v128.load align=4 (local.get $src)))
        (local.set $b (v128.load align=4 (i32.add (local.get $src) (local.get $rs))))
        (local.set $x (v128.load align=4 (i32.add (local.get $src) (i32.shl (local.get $rs) (i32.const 1)))))
        (local.set $y (v128.load align=4 (i32.add (local.get $src) (i32.mul (local.get $rs) (i32.const 3)))))
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))
        (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x) (local.get $y)))
        (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x) (local.get $y)))
        (local.set $dst (i32.add (local.get $pt) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $c) (local.get $W)) (local.get $w)) (local.get $Rp)) (local.get $h)) (i32.const 2))))
        (v128.store align=4 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
        (v128.store align=4 (i32.add (local.get $dst) (local.get $ds)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
        (v128.store align=4 (i32.add (local.get $dst) (i32.shl (local.get $ds) (i32.const 1))) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3)))
        (v128.store align=4 (i32.add (local.get $dst) (i32.mul (local.get $ds) (i32.const 3))) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t2) (local.get $t3)))
        (br_if $cols (i32.lt_u (local.tee $w (i32.add (local.get $w) (i32.const 4))) (local.get $W))))
      (br_if $rows (i32.lt_u (local.tee $h (i32.add (local.get $h) (i32.const 4))) (local.get $R))))
    (br_if $ch (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $C)))))`;



// The routines: "w2base" the helpers both forms call and the transposer (of any 32-bit words: float32,
// or two int16 channels), "w2_f32" the float transforms, "w2_i16" the integer ones (i16x8 lanes on
// the int8 convs' channel pairs).
var BASE = [LINE, put('$put', 'f32'), put('$puti', 'i32'), W2T].join('\n');
export function winogradBaseWat(): string { return BASE; }
export function winogradWat(): string { return w2in('w2in', 'f32x4.add', 'f32x4.sub') + '\n' + w2out('w2out', FLOAT_OUT); }
export function winogradIntWat(): string { return w2in('w2in_i', 'i16x8.add', 'i16x8.sub') + '\n' + w2out('w2out_i', INT_OUT); }
