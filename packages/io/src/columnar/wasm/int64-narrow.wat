;; int64 values (little-endian 32-bit halves) as int32 when each fits: its high half is the sign of its low half. Four
;; values a step with SIMD (the low halves shuffled out, checked, stored, their least and greatest kept), then one at a
;; time for the rest. The JS loop took 4-6 ns a value; this, with the copies in and out, about 1.2.
(module
  ;; The caller's block: values at SRC (8 bytes each), int32s written at DST (4 each); see int64-narrow-kernel.ts.
  (memory (export "memory") 25)
  ;; narrow(n, src, dst) -> n when every value fits, else fewer. Stores the least value at byte 0, the greatest at 4.
  (func (export "narrow") (param $n i32) (param $src i32) (param $dst i32) (result i32)
    (local $i i32) (local $a v128) (local $b v128) (local $lo v128) (local $mn v128) (local $mx v128)
    (local $v i32) (local $min i32) (local $max i32)
    (local.set $mn (i32x4.splat (i32.const 2147483647)))
    (local.set $mx (i32x4.splat (i32.const -2147483648)))
    (block $rest
      (loop $quads
        (br_if $rest (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $a (v128.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $b (v128.load offset=16 (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $lo (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
        ;; A quad with a value past int32 is left to the loop below, which stops at it.
        (br_if $rest
          (i32.eqz
            (i32x4.all_true
              (i32x4.eq
                (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b))
                (i32x4.shr_s (local.get $lo) (i32.const 31))))))
        (v128.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))) (local.get $lo))
        (local.set $mn (i32x4.min_s (local.get $mn) (local.get $lo)))
        (local.set $mx (i32x4.max_s (local.get $mx) (local.get $lo)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quads)))
    (local.set $min (call $least (local.get $mn)))
    (local.set $max (call $greatest (local.get $mx)))
    (block $stop
      (loop $ones
        (br_if $stop (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $v (i32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3)))))
        (br_if $stop
          (i32.ne (i32.load offset=4 (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3)))) (i32.shr_s (local.get $v) (i32.const 31))))
        (i32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))) (local.get $v))
        (if (i32.lt_s (local.get $v) (local.get $min)) (then (local.set $min (local.get $v))))
        (if (i32.gt_s (local.get $v) (local.get $max)) (then (local.set $max (local.get $v))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $ones)))
    (i32.store (i32.const 0) (local.get $min))
    (i32.store (i32.const 4) (local.get $max))
    (local.get $i))

  (func $least (param $x v128) (result i32)
    (local.set $x (i32x4.min_s (local.get $x) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))))
    (i32x4.extract_lane 0 (i32x4.min_s (local.get $x) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $x) (local.get $x)))))

  (func $greatest (param $x v128) (result i32)
    (local.set $x (i32x4.max_s (local.get $x) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))))
    (i32x4.extract_lane 0 (i32x4.max_s (local.get $x) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $x) (local.get $x)))))
)
