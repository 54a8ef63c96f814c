import { actInline } from './actWat';
// The WAT source of the core's depthwise routine for the common kernels (3x3 and 5x5, column
// stride 1 or 2, no column dilation: MobileNet's), device/wasm/Conv.ts depthwiseOnCore: per
// channel the plane is copied into a zero-bordered scratch plane (the padding made real, so no
// window needs bounds; at stride 2 split into its even and its odd columns, so every tap reads
// four neighbours), then each output row is one call of a routine unrolled over the taps: four
// outputs in one register, every tap a splat of its weight times one vector load, one store. A
// row whose width is not a multiple of 4 ends with a vector overlapping the one before (the same
// values, stored again). The sums run in the order of the "dw" routine: the same floats.

// (KH, KW, column stride); device/wasm/Conv.ts numbers them the same way: (KH === 5 ? 2 : 0) + (stride 2 ? 1 : 0).
var VARIANTS: [number, number, number][] = [[3, 3, 1], [3, 3, 2], [5, 5, 1], [5, 5, 2]];

// One output row of variant (KH, KW, stride s): $r the scratch row of the window's first tap (at
// stride 2 the even columns' row, $ro the odd ones'), $rs bytes between tap rows, $wc the
// channel's KH*KW weights, $yr the output row, $b the bias.
function row(KH: number, KW: number, s: number): string {
  var L = [`(func $dwrow${KH}x${KW}s${s} (param $r i32) (param $ro i32) (param $rs i32) (param $wc i32) (param $yr i32) (param $OW i32) (param $b v128)` +
    ' (param $kind i32) (param $va v128) (param $vlo v128) (param $vhi v128)',
    '  (local $o i32) (local $oo i32) (local $off i32) (local $q i32) (local $qo i32) (local $acc v128) (local $at v128)',
    '  (loop $cols',
    '    (local.set $oo (select (local.get $o) (i32.sub (local.get $OW) (i32.const 4)) (i32.le_s (i32.add (local.get $o) (i32.const 4)) (local.get $OW))))',
    '    (local.set $off (i32.shl (local.get $oo) (i32.const 2)))',
    '    (local.set $acc (local.get $b))'];
  for (var kh = 0; kh < KH; kh++) {
    L.push(kh ? '    (local.set $q (i32.add (local.get $q) (local.get $rs))) (local.set $qo (i32.add (local.get $qo) (local.get $rs)))'
      : '    (local.set $q (i32.add (local.get $r) (local.get $off))) (local.set $qo (i32.add (local.get $ro) (local.get $off)))');
    for (var kw = 0; kw < KW; kw++) {
      var x = s === 1 ? `(v128.load offset=${4 * kw} align=4 (local.get $q))`
        : kw % 2 ? `(v128.load offset=${2 * (kw - 1)} align=4 (local.get $qo))` : `(v128.load offset=${2 * kw} align=4 (local.get $q))`;
      L.push(`    (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load32_splat offset=${4 * (kh * KW + kw)} align=4 (local.get $wc)) ${x})))`);
    }
  }
  L.push('    ' + actInline('$acc'), '    (v128.store align=4 (i32.add (local.get $yr) (local.get $off)) (local.get $acc))',
    '    (br_if $cols (i32.lt_s (local.tee $o (i32.add (local.get $o) (i32.const 4))) (local.get $OW)))))');
  return L.join('\n');
}

// Copies W floats from $src to $dst, four at a time, then one by one.
var COPY = `(func $dwcopy (param $src i32) (param $dst i32) (param $W i32)
  (local $w i32)
  (block $vd (loop $vl
    (br_if $vd (i32.gt_s (i32.add (local.get $w) (i32.const 4)) (local.get $W)))
    (v128.store align=4 (i32.add (local.get $dst) (i32.shl (local.get $w) (i32.const 2))) (v128.load align=4 (i32.add (local.get $src) (i32.shl (local.get $w) (i32.const 2)))))
    (local.set $w (i32.add (local.get $w) (i32.const 4)))
    (br $vl)))
  (block $sd (loop $sl
    (br_if $sd (i32.ge_s (local.get $w) (local.get $W)))
    (f32.store (i32.add (local.get $dst) (i32.shl (local.get $w) (i32.const 2))) (f32.load (i32.add (local.get $src) (i32.shl (local.get $w) (i32.const 2)))))
    (local.set $w (i32.add (local.get $w) (i32.const 1)))
    (br $sl))))
(func $dwsplit (param $src i32) (param $ev i32) (param $od i32) (param $n i32)
  (local $a v128) (local $b v128)
  (loop $l
    (local.set $a (v128.load align=4 (local.get $src))) (local.set $b (v128.load offset=16 align=4 (local.get $src)))
    (v128.store align=4 (local.get $ev) (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
    (v128.store align=4 (local.get $od) (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)))
    (local.set $src (i32.add (local.get $src) (i32.const 32)))
    (local.set $ev (i32.add (local.get $ev) (i32.const 16))) (local.set $od (i32.add (local.get $od) (i32.const 16)))
    (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 4))))))`;

// dwp: X [C, H, W] at $px into Y [C, OH, OW] at $py; weights [C, KH, KW] at $pw, bias at $pb (0:
// none); $pt the scratch, zero where never written: stride 1, one plane of Hp rows of $Wp floats
// (rows [ph, ph+H) and columns [pl, pl+W) take the plane); stride 2, an even and an odd plane of
// Hp rows of $Wp floats ($Wp a multiple of 4), then one padded row of 2 * $Wp floats. $sh the row stride, $dh the row dilation; the fused activation
// $kind (0: none) with $a, $lo, $hi as for "act", applied before each store. Needs OW >= 4.
function driver(i: number): string {
  var v = VARIANTS[i], call = `(call $dwrow${v[0]}x${v[1]}s${v[2]} (local.get $r) (i32.add (local.get $r) (local.get $half)) (local.get $rs) (local.get $wc) (local.get $yr) (local.get $OW) (local.get $b) (local.get $kind) (local.get $va) (local.get $vlo) (local.get $vhi))`;
  return `(func (export "dwp${i}") (param $px i32) (param $py i32) (param $pw i32) (param $pb i32) (param $pt i32)
    (param $C i32) (param $H i32) (param $W i32) (param $OH i32) (param $OW i32) (param $sh i32) (param $dh i32)
    (param $ph i32) (param $pl i32) (param $Hp i32) (param $Wp i32) (param $kind i32) (param $a f32) (param $lo f32) (param $hi f32)
  (local $va v128) (local $vlo v128) (local $vhi v128)
  (local $c i32) (local $h i32) (local $oh i32) (local $r i32) (local $rs i32) (local $half i32) (local $prow i32) (local $two i32)
  (local $wc i32) (local $yr i32) (local $b v128) (local $kk i32)
  (local.set $va (f32x4.splat (local.get $a))) (local.set $vlo (f32x4.splat (local.get $lo))) (local.set $vhi (f32x4.splat (local.get $hi)))
  (local.set $rs (i32.shl (i32.mul (local.get $dh) (local.get $Wp)) (i32.const 2)))
  (local.set $two (i32.const ${v[2] - 1}))
  (local.set $half (i32.shl (i32.mul (local.get $Hp) (local.get $Wp)) (i32.const 2)))
  (local.set $prow (i32.add (local.get $pt) (i32.shl (local.get $half) (i32.const 1))))
  (local.set $kk (i32.const ${4 * v[0] * v[1]}))
  (loop $ch
    (local.set $h (i32.const 0))
    (loop $copy
      (if (local.get $two)
        (then
          (call $dwcopy (local.get $px) (i32.add (local.get $prow) (i32.shl (local.get $pl) (i32.const 2))) (local.get $W))
          (local.set $r (i32.add (local.get $pt) (i32.shl (i32.mul (i32.add (local.get $h) (local.get $ph)) (local.get $Wp)) (i32.const 2))))
          (call $dwsplit (local.get $prow) (local.get $r) (i32.add (local.get $r) (local.get $half)) (local.get $Wp)))
        (else (call $dwcopy (local.get $px) (i32.add (local.get $pt) (i32.shl (i32.add (i32.mul (i32.add (local.get $h) (local.get $ph)) (local.get $Wp)) (local.get $pl)) (i32.const 2))) (local.get $W))))
      (local.set $px (i32.add (local.get $px) (i32.shl (local.get $W) (i32.const 2))))
      (br_if $copy (i32.lt_s (local.tee $h (i32.add (local.get $h) (i32.const 1))) (local.get $H))))
    (local.set $b (if (result v128) (local.get $pb) (then (v128.load32_splat align=4 (i32.add (local.get $pb) (i32.shl (local.get $c) (i32.const 2))))) (else (f32x4.splat (f32.const 0)))))
    (local.set $wc (i32.add (local.get $pw) (i32.mul (local.get $c) (local.get $kk))))
    (local.set $oh (i32.const 0))
    (loop $rows
      (local.set $r (i32.add (local.get $pt) (i32.shl (i32.mul (i32.mul (local.get $oh) (local.get $sh)) (local.get $Wp)) (i32.const 2))))
      (local.set $yr (i32.add (local.get $py) (i32.shl (i32.mul (i32.add (i32.mul (local.get $c) (local.get $OH)) (local.get $oh)) (local.get $OW)) (i32.const 2))))
      ${call}
      (br_if $rows (i32.lt_s (local.tee $oh (i32.add (local.get $oh) (i32.const 1))) (local.get $OH))))
    (br_if $ch (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $C)))))`;
}

// Routine "dwp<i>" of variant i: its row and its driver (the copies are routine "dwcopy").
export function dwpWat(i: number): string { return row(VARIANTS[i][0], VARIANTS[i][1], VARIANTS[i][2]) + '\n' + driver(i); }
export function dwcopyWat(): string { return COPY; }
