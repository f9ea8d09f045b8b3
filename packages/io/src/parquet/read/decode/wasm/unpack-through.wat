;; Bit-packed dictionary indices mapped through a table (Parquet's RLE / bit-packing hybrid, `unpackThrough` in
;; rle-hybrid.ts): value i is the `width` bits at bit `bit + i * width` of the words, least significant first, and
;; out[i] = table[value]. The JS loop took 8.5 ns a value in a Parquet q1 profile (bounds-checked loads and stores).
(module
  (memory (export "memory") 256)
  ;; unpack(words, bit, width, count, out, table, size) -> count, or the first i whose index is not below `size`.
  ;; The words must hold a zero word past the last value's (the caller's copy does).
  (func (export "unpack") (param $words i32) (param $bit i32) (param $width i32) (param $count i32) (param $out i32)
        (param $table i32) (param $size i32) (result i32)
    (local $i i32) (local $k i32) (local $s i32) (local $mask i32) (local $v i32)
    (local.set $mask
      (if (result i32) (i32.ge_u (local.get $width) (i32.const 32))
        (then (i32.const -1))
        (else (i32.sub (i32.shl (i32.const 1) (local.get $width)) (i32.const 1)))))
    (block $done
      (loop $values
        (br_if $done (i32.ge_s (local.get $i) (local.get $count)))
        (local.set $k (i32.add (local.get $words) (i32.shl (i32.shr_u (local.get $bit) (i32.const 5)) (i32.const 2))))
        (local.set $s (i32.and (local.get $bit) (i32.const 31)))
        ;; The next word shifted up by 32 - s in two steps: a shift of 32 is one of 0.
        (local.set $v
          (i32.and
            (i32.or
              (i32.shr_u (i32.load (local.get $k)) (local.get $s))
              (i32.shl (i32.shl (i32.load offset=4 (local.get $k)) (i32.sub (i32.const 31) (local.get $s))) (i32.const 1)))
            (local.get $mask)))
        (br_if $done (i32.ge_u (local.get $v) (local.get $size)))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (i32.load (i32.add (local.get $table) (i32.shl (local.get $v) (i32.const 2)))))
        (local.set $bit (i32.add (local.get $bit) (local.get $width)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $values)))
    (local.get $i))
)
