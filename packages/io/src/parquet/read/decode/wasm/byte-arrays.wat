;; Byte arrays as offsets and bytes (Arrow's layout): a page's PLAIN values (`split`), or a dictionary's entries in
;; the order of a page's indices (`gather`). A string of up to 16 bytes is moved as one 16-byte load and store (the next
;; one overwrites what passes its end), a longer one by memory.copy. The JS loops took about 28 ns (split) and 45 ns
;; (gather) a 12-byte string.
(module
  ;; The caller's regions (byte-arrays-kernel.ts), with 16 bytes of room after each.
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

  ;; gather(n, indices, size, dictOffsets, dictData, offsets, data, room) -> strings done: entry indices[i] of a
  ;; dictionary of `size` entries (its offsets and bytes) as string i. Stops at an index outside the dictionary, or a
  ;; string that would pass `room` bytes (the caller then reports it as its JS loop would).
  (func (export "gather") (param $n i32) (param $indices i32) (param $size i32) (param $dictOffsets i32) (param $dictData i32)
        (param $offsets i32) (param $data i32) (param $room i32) (result i32)
    (local $i i32) (local $k i32) (local $from i32) (local $length i32) (local $total i32)
    (block $stop
      (loop $strings
        (br_if $stop (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $k (i32.load (i32.add (local.get $indices) (i32.shl (local.get $i) (i32.const 2)))))
        ;; Unsigned: a negative index is outside too.
        (br_if $stop (i32.ge_u (local.get $k) (local.get $size)))
        (local.set $from (i32.load (i32.add (local.get $dictOffsets) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $length (i32.sub (i32.load offset=4 (i32.add (local.get $dictOffsets) (i32.shl (local.get $k) (i32.const 2)))) (local.get $from)))
        (br_if $stop (i32.gt_u (local.get $length) (i32.sub (local.get $room) (local.get $total))))
        (if (i32.le_u (local.get $length) (i32.const 16))
          (then
            (v128.store (i32.add (local.get $data) (local.get $total)) (v128.load (i32.add (local.get $dictData) (local.get $from)))))
          (else
            (memory.copy (i32.add (local.get $data) (local.get $total)) (i32.add (local.get $dictData) (local.get $from)) (local.get $length))))
        (local.set $total (i32.add (local.get $total) (local.get $length)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (i32.store (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2))) (local.get $total))
        (br $strings)))
    (local.get $i))
)
