;; A page's PLAIN byte arrays (each a 4-byte little-endian length, then its bytes) as offsets and bytes: a string of up
;; to 16 bytes is moved as one 16-byte load and store (the next one overwrites what passes its end), a longer one by
;; memory.copy. The JS loop, reading lengths and copying words through DataViews, took about 28 ns a 12-byte string.
(module
  ;; The caller's regions (plain-byte-arrays-kernel.ts): the page's bytes, then room for the offsets and the bytes.
  (memory (export "memory") 193)
  ;; split(n, src, end, offsets, data) -> strings done: stops at a length that runs past `end` (the caller then reports
  ;; the page as its JS loop would). offsets[i + 1] = the bytes of strings 0..i; offsets[0] is the caller's.
  (func (export "split") (param $n i32) (param $src i32) (param $end i32) (param $offsets i32) (param $data i32) (result i32)
    (local $i i32) (local $p i32) (local $length i32) (local $size i32)
    (local.set $p (local.get $src))
    (block $stop
      (loop $strings
        (br_if $stop (i32.ge_u (local.get $i) (local.get $n)))
        (br_if $stop (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $end)))
        (local.set $length (i32.load (local.get $p)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        ;; Unsigned: a length of 2^31 or more is past the end too.
        (br_if $stop (i32.gt_u (local.get $length) (i32.sub (local.get $end) (local.get $p))))
        (if (i32.le_u (local.get $length) (i32.const 16))
          (then (v128.store (i32.add (local.get $data) (local.get $size)) (v128.load (local.get $p))))
          (else (memory.copy (i32.add (local.get $data) (local.get $size)) (local.get $p) (local.get $length))))
        (local.set $size (i32.add (local.get $size) (local.get $length)))
        (local.set $p (i32.add (local.get $p) (local.get $length)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (i32.store (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2))) (local.get $size))
        (br $strings)))
    (local.get $i))
)
