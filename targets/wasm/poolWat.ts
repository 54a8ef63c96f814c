// The WAT source of the core's float32 MaxPool (device/wasm/MaxPool.ts): 2-D windows inside the
// input (no pads, dilation 1), P planes of H x W into P planes of OH x OW. Each window's max is
// taken in the JS kernel's order (row by row, left to right) with f32x4.pmax / the same compare
// (acc < v ? v : acc, so NaNs and signed zeros come out as in device/kernels/nn/pooling.ts). Windows
// 2 wide at stride 2 (embedding_model's 2x2 and 1x2 pools) run four outputs at a time: two loads,
// split into even and odd lanes.
var MAXPOOL = `(func (export "maxpool_f32") (param $px i32) (param $py i32) (param $P i32) (param $H i32) (param $W i32)
    (param $OH i32) (param $OW i32) (param $KH i32) (param $KW i32) (param $sh i32) (param $sw i32)
  (local $p i32) (local $oh i32) (local $ow i32) (local $kh i32) (local $kw i32) (local $xr i32) (local $yr i32) (local $r i32)
  (local $acc f32) (local $v f32) (local $m v128) (local $a v128) (local $b v128) (local $e v128) (local $o v128) (local $pair i32)
  (local.set $pair (i32.and (i32.eq (local.get $KW) (i32.const 2)) (i32.eq (local.get $sw) (i32.const 2))))
  (loop $planes
    (local.set $oh (i32.const 0))
    (loop $rows
      (local.set $xr (i32.add (local.get $px) (i32.shl (i32.mul (i32.add (i32.mul (local.get $p) (local.get $H)) (i32.mul (local.get $oh) (local.get $sh))) (local.get $W)) (i32.const 2))))
      (local.set $yr (i32.add (local.get $py) (i32.shl (i32.mul (i32.add (i32.mul (local.get $p) (local.get $OH)) (local.get $oh)) (local.get $OW)) (i32.const 2))))
      (local.set $ow (i32.const 0))
      (if (local.get $pair) (then
        (block $pd (loop $pairs
          (br_if $pd (i32.gt_s (i32.add (local.get $ow) (i32.const 4)) (local.get $OW)))
          (local.set $r (i32.add (local.get $xr) (i32.shl (local.get $ow) (i32.const 3))))
          (local.set $kh (i32.const 0))
          (loop $taps
            (local.set $a (v128.load align=4 (local.get $r)))
            (local.set $b (v128.load offset=16 align=4 (local.get $r)))
            (local.set $e (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
            (local.set $o (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)))
            (local.set $m (if (result v128) (local.get $kh) (then (f32x4.pmax (local.get $m) (local.get $e))) (else (local.get $e))))
            (local.set $m (f32x4.pmax (local.get $m) (local.get $o)))
            (local.set $r (i32.add (local.get $r) (i32.shl (local.get $W) (i32.const 2))))
            (br_if $taps (i32.lt_s (local.tee $kh (i32.add (local.get $kh) (i32.const 1))) (local.get $KH))))
          (v128.store align=4 (i32.add (local.get $yr) (i32.shl (local.get $ow) (i32.const 2))) (local.get $m))
          (local.set $ow (i32.add (local.get $ow) (i32.const 4)))
          (br $pairs)))))
      (block $sd (loop $single
        (br_if $sd (i32.ge_s (local.get $ow) (local.get $OW)))
        (local.set $r (i32.add (local.get $xr) (i32.shl (i32.mul (local.get $ow) (local.get $sw)) (i32.const 2))))
        (local.set $acc (f32.load (local.get $r)))
        (local.set $kh (i32.const 0))
        (loop $th
          (local.set $kw (i32.const 0))
          (loop $tw
            (local.set $v (f32.load (i32.add (local.get $r) (i32.shl (local.get $kw) (i32.const 2)))))
            (if (f32.gt (local.get $v) (local.get $acc)) (then (local.set $acc (local.get $v))))
            (br_if $tw (i32.lt_s (local.tee $kw (i32.add (local.get $kw) (i32.const 1))) (local.get $KW))))
          (local.set $r (i32.add (local.get $r) (i32.shl (local.get $W) (i32.const 2))))
          (br_if $th (i32.lt_s (local.tee $kh (i32.add (local.get $kh) (i32.const 1))) (local.get $KH))))
        (f32.store (i32.add (local.get $yr) (i32.shl (local.get $ow) (i32.const 2))) (local.get $acc))
        (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
        (br $single)))
      (br_if $rows (i32.lt_s (local.tee $oh (i32.add (local.get $oh) (i32.const 1))) (local.get $OH))))
    (br_if $planes (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $P)))))`;

export function maxpoolWatF32(): string { return MAXPOOL; }

// int8/uint8 ($u) windows KH tall, 2 wide at column stride 2, inside the input (QMaxPool without
// requantization, device/wasm/QMaxPool.ts): eight outputs at a time from 16 bytes split into even
// and odd bytes, the max over the window, then clamped to [lo, hi]; a row ends with eight outputs
// overlapping the ones before (a max is exact: the same bytes again). Needs OW >= 8.
var MAXPOOL2_I8 = `(func (export "maxpool2_i8") (param $px i32) (param $py i32) (param $P i32) (param $H i32) (param $W i32)
    (param $OH i32) (param $OW i32) (param $KH i32) (param $sh i32) (param $u i32) (param $lo i32) (param $hi i32)
  (local $p i32) (local $oh i32) (local $o i32) (local $oo i32) (local $kh i32) (local $xr i32) (local $yr i32) (local $r i32)
  (local $m v128) (local $a v128) (local $e v128) (local $vlo v128) (local $vhi v128)
  (local.set $vlo (i8x16.splat (local.get $lo))) (local.set $vhi (i8x16.splat (local.get $hi)))
  (loop $planes
    (local.set $oh (i32.const 0))
    (loop $rows
      (local.set $xr (i32.add (local.get $px) (i32.mul (i32.add (i32.mul (local.get $p) (local.get $H)) (i32.mul (local.get $oh) (local.get $sh))) (local.get $W))))
      (local.set $yr (i32.add (local.get $py) (i32.mul (i32.add (i32.mul (local.get $p) (local.get $OH)) (local.get $oh)) (local.get $OW))))
      (local.set $o (i32.const 0))
      (loop $cols
        (local.set $oo (select (local.get $o) (i32.sub (local.get $OW) (i32.const 8)) (i32.le_s (i32.add (local.get $o) (i32.const 8)) (local.get $OW))))
        (local.set $r (i32.add (local.get $xr) (i32.shl (local.get $oo) (i32.const 1))))
        (local.set $kh (i32.const 0))
        (loop $taps
          (local.set $a (v128.load align=1 (local.get $r)))
          (local.set $e (i8x16.shuffle 0 2 4 6 8 10 12 14 0 2 4 6 8 10 12 14 (local.get $a) (local.get $a)))
          (local.set $a (i8x16.shuffle 1 3 5 7 9 11 13 15 1 3 5 7 9 11 13 15 (local.get $a) (local.get $a)))
          (if (local.get $u)
            (then (local.set $e (i8x16.max_u (local.get $e) (local.get $a)))
              (local.set $m (if (result v128) (local.get $kh) (then (i8x16.max_u (local.get $m) (local.get $e))) (else (local.get $e)))))
            (else (local.set $e (i8x16.max_s (local.get $e) (local.get $a)))
              (local.set $m (if (result v128) (local.get $kh) (then (i8x16.max_s (local.get $m) (local.get $e))) (else (local.get $e))))))
          (local.set $r (i32.add (local.get $r) (local.get $W)))
          (br_if $taps (i32.lt_s (local.tee $kh (i32.add (local.get $kh) (i32.const 1))) (local.get $KH))))
        (local.set $m (if (result v128) (local.get $u)
          (then (i8x16.min_u (i8x16.max_u (local.get $m) (local.get $vlo)) (local.get $vhi)))
          (else (i8x16.min_s (i8x16.max_s (local.get $m) (local.get $vlo)) (local.get $vhi)))))
        (v128.store64_lane align=1 0 (i32.add (local.get $yr) (local.get $oo)) (local.get $m))
        (br_if $cols (i32.lt_s (local.tee $o (i32.add (local.get $o) (i32.const 8))) (local.get $OW))))
      (br_if $rows (i32.lt_s (local.tee $oh (i32.add (local.get $oh) (i32.const 1))) (local.get $OH))))
    (br_if $planes (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $P)))))`;

export function maxpool2WatI8(): string { return MAXPOOL2_I8; }
