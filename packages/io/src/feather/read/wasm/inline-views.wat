;; Arrow string views whose strings are all inline (0 to 12 bytes in the view) as offsets and bytes: per row, the
;; view's 12 bytes are stored at the string's start whatever its length (the next string overwrites what passes its
;; end), with no loop on the length. The JS loop took 16 ns a value, with a DataView write per word.
(module
  (memory (export "memory") 65)
  ;; inline(n, views, offsets, data, base) -> bytes written, or -1 - i at the first view i that is not inline.
  ;; views: 16 bytes a row (length, then the inline bytes); offsets[i + 1] = base + the bytes of rows 0..i.
  (func (export "inline") (param $n i32) (param $views i32) (param $offsets i32) (param $data i32) (param $base i32)
        (result i32)
    (local $i i32) (local $p i32) (local $len i32) (local $at i32)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $p (i32.add (local.get $views) (i32.shl (local.get $i) (i32.const 4))))
        (local.set $len (i32.load (local.get $p)))
        (if (i32.gt_u (local.get $len) (i32.const 12))
          (then (return (i32.sub (i32.const -1) (local.get $i)))))
        (i64.store (i32.add (local.get $data) (local.get $at)) (i64.load offset=4 (local.get $p)))
        (i32.store offset=8 (i32.add (local.get $data) (local.get $at)) (i32.load offset=12 (local.get $p)))
        (local.set $at (i32.add (local.get $at) (local.get $len)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (i32.store (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2))) (i32.add (local.get $base) (local.get $at)))
        (br $rows)))
    (local.get $at))
)
