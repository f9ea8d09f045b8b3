;; The body of a raw snappy block (format_description.txt), after its varint length: tags of literals and
;; back-references, decoded from [src, end) into [out, outEnd). Returns the bytes written, or a negative error:
;; -1 a literal's length is cut off, -2 a literal runs past the block or its output, -3 a copy is cut off,
;; -4 a copy points before the output's start or runs past its end. Every length and offset is checked against the
;; block and the output before a byte moves. The caller leaves 16 bytes of room after `end` and after `outEnd`: short
;; literals and copies move 16 bytes at once (what they write past their end is written again by what follows, or
;; lies past the output).
(module
  (memory (export "memory") 64)
  (func (export "decode") (param $src i32) (param $end i32) (param $out i32) (param $outEnd i32) (result i32)
    (local $pos i32) (local $op i32) (local $tag i32) (local $n i32) (local $off i32) (local $extra i32) (local $from i32)
    (local.set $pos (local.get $src))
    (local.set $op (local.get $out))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $pos) (local.get $end)))
        (local.set $tag (i32.load8_u (local.get $pos)))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        (if (i32.eqz (i32.and (local.get $tag) (i32.const 3)))
          (then
            ;; A literal: length - 1 in the tag's high six bits, or in 1-4 little-endian bytes after it (60-63).
            (local.set $n (i32.shr_u (local.get $tag) (i32.const 2)))
            (if (i32.ge_u (local.get $n) (i32.const 60))
              (then
                (local.set $extra (i32.sub (local.get $n) (i32.const 59)))
                (if (i32.gt_u (local.get $extra) (i32.sub (local.get $end) (local.get $pos))) (then (return (i32.const -1))))
                (local.set $n
                  (i32.and
                    (i32.load align=1 (local.get $pos))
                    (i32.shr_u (i32.const -1) (i32.sub (i32.const 32) (i32.shl (local.get $extra) (i32.const 3))))))
                (local.set $pos (i32.add (local.get $pos) (local.get $extra)))
                ;; 4 bytes of 0xff: a length of 2^32, past any block.
                (if (i32.eq (local.get $n) (i32.const -1)) (then (return (i32.const -2))))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (if (i32.gt_u (local.get $n) (i32.sub (local.get $end) (local.get $pos))) (then (return (i32.const -2))))
            (if (i32.gt_u (local.get $n) (i32.sub (local.get $outEnd) (local.get $op))) (then (return (i32.const -2))))
            (if (i32.le_u (local.get $n) (i32.const 16))
              (then (v128.store align=1 (local.get $op) (v128.load align=1 (local.get $pos))))
              (else (memory.copy (local.get $op) (local.get $pos) (local.get $n))))
            (local.set $pos (i32.add (local.get $pos) (local.get $n)))
            (local.set $op (i32.add (local.get $op) (local.get $n)))
            (br $next)))
        ;; A copy: kind 1 (length 4-11, an 11-bit offset), 2 (length 1-64, a 2-byte offset), 3 (a 4-byte offset).
        (if (i32.eq (i32.and (local.get $tag) (i32.const 3)) (i32.const 1))
          (then
            (if (i32.ge_u (local.get $pos) (local.get $end)) (then (return (i32.const -3))))
            (local.set $n (i32.add (i32.and (i32.shr_u (local.get $tag) (i32.const 2)) (i32.const 7)) (i32.const 4)))
            (local.set $off (i32.or (i32.shl (i32.shr_u (local.get $tag) (i32.const 5)) (i32.const 8)) (i32.load8_u (local.get $pos))))
            (local.set $pos (i32.add (local.get $pos) (i32.const 1))))
          (else
            (local.set $n (i32.add (i32.shr_u (local.get $tag) (i32.const 2)) (i32.const 1)))
            (if (i32.eq (i32.and (local.get $tag) (i32.const 3)) (i32.const 2))
              (then
                (if (i32.gt_u (i32.const 2) (i32.sub (local.get $end) (local.get $pos))) (then (return (i32.const -3))))
                (local.set $off (i32.load16_u align=1 (local.get $pos)))
                (local.set $pos (i32.add (local.get $pos) (i32.const 2))))
              (else
                (if (i32.gt_u (i32.const 4) (i32.sub (local.get $end) (local.get $pos))) (then (return (i32.const -3))))
                (local.set $off (i32.load align=1 (local.get $pos)))
                (local.set $pos (i32.add (local.get $pos) (i32.const 4)))))))
        (if (i32.eqz (local.get $off)) (then (return (i32.const -4))))
        (if (i32.gt_u (local.get $off) (i32.sub (local.get $op) (local.get $out))) (then (return (i32.const -4))))
        (if (i32.gt_u (local.get $n) (i32.sub (local.get $outEnd) (local.get $op))) (then (return (i32.const -4))))
        (local.set $from (i32.sub (local.get $op) (local.get $off)))
        (if (i32.ge_u (local.get $off) (i32.const 16))
          (then
            ;; Apart by 16 or more: 16 bytes a step read only bytes written before.
            (if (i32.le_u (local.get $n) (i32.const 16))
              (then (v128.store align=1 (local.get $op) (v128.load align=1 (local.get $from))))
              (else
                (if (i32.ge_u (local.get $off) (local.get $n))
                  (then (memory.copy (local.get $op) (local.get $from) (local.get $n)))
                  (else
                    (local.set $extra (i32.const 0))
                    (loop $wide
                      (v128.store align=1 (i32.add (local.get $op) (local.get $extra)) (v128.load align=1 (i32.add (local.get $from) (local.get $extra))))
                      (local.set $extra (i32.add (local.get $extra) (i32.const 16)))
                      (br_if $wide (i32.lt_u (local.get $extra) (local.get $n)))))))))
          (else
            ;; A run (offset under 16): byte by byte, each byte read after it was written.
            (local.set $extra (i32.const 0))
            (loop $bytes
              (i32.store8 (i32.add (local.get $op) (local.get $extra)) (i32.load8_u (i32.add (local.get $from) (local.get $extra))))
              (local.set $extra (i32.add (local.get $extra) (i32.const 1)))
              (br_if $bytes (i32.lt_u (local.get $extra) (local.get $n))))))
        (local.set $op (i32.add (local.get $op) (local.get $n)))
        (br $next)))
    (i32.sub (local.get $op) (local.get $out))))
