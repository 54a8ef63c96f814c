// The WAT source of the core's activations ("act", and actInline for the routines that apply
// them before they store).
// The fused activations of a Conv (converter/passes/fuseActivation.ts) that need no math helpers
// (actInline on one vector: the Winograd and depthwise routines apply it before they store; "act" over a region,
// "actr" over rows of n floats, stride floats apart),
// over exactly n floats at p (a last vector of fewer lanes reads past them and stores only its
// own, so a region may be activated in pieces): kind 1 Relu (v > 0 ? v : 0), 2 LeakyRelu (v < 0 ? a*v : v),
// 3 Clip (v < lo ? lo : v, then v > hi ? hi : v), 4 HardSwish (t = v * (1/6) + 0.5, t <= 0 ? 0 :
// t >= 1 ? v : v * t, in float32 as onnxruntime: within an ulp or two of the JS epilogue's double
// math, at a quarter of the cost of widening to float64), 6 LeakyReluClip (2 then 3). Relu, LeakyRelu
// and Clip are the JS epilogue's comparisons and float32 products, bit for bit.
// The activation applied in place to the v128 local x (the site declares $kind, $va, $vlo, $vhi
// and a v128 temporary $at), written out at each site: a call per vector cost more than the math.
export function actInline(x: string): string {
  var g = `(local.get ${x})`;
  return `(if (local.get $kind) (then
      (if (i32.eq (local.get $kind) (i32.const 1)) (then (local.set ${x} (v128.and ${g} (f32x4.gt ${g} (v128.const i32x4 0 0 0 0))))))
      (if (i32.eq (local.get $kind) (i32.const 4)) (then
        (local.set $at (f32x4.add (f32x4.mul ${g} (f32x4.splat (f32.const 0x1.555556p-3))) (f32x4.splat (f32.const 0.5))))
        (local.set ${x} (v128.bitselect ${g} (v128.andnot (f32x4.mul ${g} (local.get $at)) (f32x4.le (local.get $at) (v128.const i32x4 0 0 0 0)))
          (f32x4.ge (local.get $at) (f32x4.splat (f32.const 1)))))))
      (if (i32.eq (i32.and (local.get $kind) (i32.const 3)) (i32.const 2))
        (then (local.set ${x} (v128.bitselect (f32x4.mul ${g} (local.get $va)) ${g} (f32x4.lt ${g} (v128.const i32x4 0 0 0 0))))))
      (if (i32.and (i32.ge_u (local.get $kind) (i32.const 3)) (i32.ne (local.get $kind) (i32.const 4))) (then
        (local.set ${x} (v128.bitselect (local.get $vlo) ${g} (f32x4.lt ${g} (local.get $vlo))))
        (local.set ${x} (v128.bitselect (local.get $vhi) ${g} (f32x4.gt ${g} (local.get $vhi))))))))`;
}

var ACT = `(func (export "actr") (param $p i32) (param $rows i32) (param $n i32) (param $stride i32) (param $kind i32) (param $a f32) (param $lo f32) (param $hi f32)
  (block $done (loop $l
    (br_if $done (i32.eqz (local.get $rows)))
    (call $act (local.get $p) (local.get $n) (local.get $kind) (local.get $a) (local.get $lo) (local.get $hi))
    (local.set $p (i32.add (local.get $p) (i32.shl (local.get $stride) (i32.const 2))))
    (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
    (br $l))))
(func $act (export "act") (param $p i32) (param $n i32) (param $kind i32) (param $a f32) (param $lo f32) (param $hi f32)
  (local $e i32) (local $va v128) (local $vlo v128) (local $vhi v128) (local $v v128) (local $at v128)
  (local.set $va (f32x4.splat (local.get $a)))
  (local.set $vlo (f32x4.splat (local.get $lo)))
  (local.set $vhi (f32x4.splat (local.get $hi)))
  (local.set $e (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
  (block $done (loop $l
    (br_if $done (i32.ge_u (local.get $p) (local.get $e)))
    (local.set $v (v128.load (local.get $p)))
    ${actInline('$v')}
    (v128.store (local.get $p) (local.get $v))
    (local.set $p (i32.add (local.get $p) (i32.const 16)))
    (br $l)))
  (local.set $n (i32.and (local.get $n) (i32.const 3)))
  (if (local.get $n) (then
    (local.set $v (v128.load (local.get $p)))
    ${actInline('$v')}
    (f32.store (local.get $p) (f32x4.extract_lane 0 (local.get $v)))
    (if (i32.gt_u (local.get $n) (i32.const 1)) (then (f32.store offset=4 (local.get $p) (f32x4.extract_lane 1 (local.get $v)))))
    (if (i32.gt_u (local.get $n) (i32.const 2)) (then (f32.store offset=8 (local.get $p) (f32x4.extract_lane 2 (local.get $v))))))))`;

export function actWat(): string { return ACT; }
