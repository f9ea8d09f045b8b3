;; Looks up short strings in a ShortKeyTable (packages/core/src/builder/short-key-table.ts) held in this memory: the
;; same entries (words 0..2 of the key, then code << 5 | length), the same hash (`keySlot`) and linear probing, for
;; keys of 0 to 12 bytes. A JS loop does the same work with bounds-checked loads and more instructions per row; here a
;; row is short enough that the CPU keeps several rows' table misses in flight.
;;
;; Memory (imported, sized by the caller): KEY_MASKS (68 i32) at byte 0, then the caller's regions.
(module
  (import "env" "memory" (memory 1))
;; probe(n, starts, ends, stride, startAdd, lo, hi, data, out, table, tableMask, shift, empty, nullLengths) -> rows done
  ;; Row i's string is data[starts[stride * i] + startAdd - lo, ends[stride * i] - lo) (its bytes copied from [lo, hi) of
  ;; the caller's array, with 16 bytes of room after; a CSV batch's separators come `stride` to a row). Writes row i's
  ;; code to out[i] while the key is in the table, and returns the first row it cannot do: a key not in the table (the
  ;; caller adds it), a range outside [lo, hi), a key longer than 12 bytes, a length in the bit mask `nullLengths` (a
  ;; CSV null value may have it), or an empty string before its code is known (`empty` < 0). `tableMask` is the
  ;; table's bytes - 1.
  (func (export "probe") (param $n i32) (param $starts i32) (param $ends i32) (param $stride i32) (param $startAdd i32)
        (param $lo i32) (param $hi i32) (param $data i32) (param $out i32) (param $table i32) (param $tmask i32)
        (param $shift i32) (param $empty i32) (param $nullLengths i32) (result i32)
    (local $i i32) (local $start i32) (local $end i32) (local $len i32) (local $m i32) (local $p i32) (local $at i32)
    (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $slot i32) (local $e i32)
    (block $stop
      (loop $rows
        (br_if $stop (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $at (i32.shl (i32.mul (local.get $i) (local.get $stride)) (i32.const 2)))
        (local.set $start (i32.add (i32.load (i32.add (local.get $starts) (local.get $at))) (local.get $startAdd)))
        (local.set $end (i32.load (i32.add (local.get $ends) (local.get $at))))
        (br_if $stop (i32.or (i32.lt_s (local.get $start) (local.get $lo)) (i32.gt_s (local.get $end) (local.get $hi))))
        (local.set $len (i32.sub (local.get $end) (local.get $start)))
        (br_if $stop (i32.gt_u (local.get $len) (i32.const 12)))
        (br_if $stop (i32.and (i32.shr_u (local.get $nullLengths) (local.get $len)) (i32.const 1)))
        (if (i32.eqz (local.get $len))
          (then
            (br_if $stop (i32.lt_s (local.get $empty) (i32.const 0)))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))) (local.get $empty))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        ;; KEY_MASKS[len * 4 + k] keeps the key's bytes of word k.
        (local.set $m (i32.shl (local.get $len) (i32.const 4)))
        (local.set $p (i32.add (local.get $data) (i32.sub (local.get $start) (local.get $lo))))
        (local.set $w0 (i32.and (i32.load (local.get $p)) (i32.load (local.get $m))))
        (local.set $w1 (i32.and (i32.load offset=4 (local.get $p)) (i32.load offset=4 (local.get $m))))
        (local.set $w2 (i32.and (i32.load offset=8 (local.get $p)) (i32.load offset=8 (local.get $m))))
        ;; keySlot with word 3 zero, as a byte offset (16 bytes an entry).
        (local.set $slot
          (i32.shl
            (i32.shr_u
              (i32.mul
                (i32.xor
                  (i32.xor (local.get $w0) (i32.mul (local.get $w1) (i32.const 0x27d4eb2d)))
                  (i32.mul (i32.xor (local.get $w2) (local.get $len)) (i32.const 0x165667b1)))
                (i32.const 0x9e3779b1))
              (local.get $shift))
            (i32.const 4)))
        (loop $probe
          (local.set $e (i32.load offset=12 (i32.add (local.get $table) (local.get $slot))))
          (br_if $stop (i32.eqz (local.get $e)))
          (if (i32.and
                (i32.and
                  (i32.eq (i32.and (local.get $e) (i32.const 31)) (local.get $len))
                  (i32.eq (i32.load (i32.add (local.get $table) (local.get $slot))) (local.get $w0)))
                (i32.and
                  (i32.eq (i32.load offset=4 (i32.add (local.get $table) (local.get $slot))) (local.get $w1))
                  (i32.eq (i32.load offset=8 (i32.add (local.get $table) (local.get $slot))) (local.get $w2))))
            (then
              (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))) (i32.shr_u (local.get $e) (i32.const 5)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $rows)))
          (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 16)) (local.get $tmask)))
          (br $probe))))
    (local.get $i))

  ;; probeViews(n, views, out, table, tableMask, shift) -> rows done
  ;; The same for Arrow string views (16 bytes a row: the length, then an inline string's bytes): the rows whose view
  ;; holds its string inline (1 to 12 bytes). Stops at the first other row, or a key not in the table.
  (func (export "probeViews") (param $n i32) (param $views i32) (param $out i32) (param $table i32) (param $tmask i32)
        (param $shift i32) (result i32)
    (local $i i32) (local $len i32) (local $m i32) (local $p i32)
    (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $slot i32) (local $e i32)
    (block $stop
      (loop $rows
        (br_if $stop (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $p (i32.add (local.get $views) (i32.shl (local.get $i) (i32.const 4))))
        (local.set $len (i32.load (local.get $p)))
        (br_if $stop (i32.or (i32.eqz (local.get $len)) (i32.gt_u (local.get $len) (i32.const 12))))
        (local.set $m (i32.shl (local.get $len) (i32.const 4)))
        (local.set $w0 (i32.and (i32.load offset=4 (local.get $p)) (i32.load (local.get $m))))
        (local.set $w1 (i32.and (i32.load offset=8 (local.get $p)) (i32.load offset=4 (local.get $m))))
        (local.set $w2 (i32.and (i32.load offset=12 (local.get $p)) (i32.load offset=8 (local.get $m))))
        (local.set $slot
          (i32.shl
            (i32.shr_u
              (i32.mul
                (i32.xor
                  (i32.xor (local.get $w0) (i32.mul (local.get $w1) (i32.const 0x27d4eb2d)))
                  (i32.mul (i32.xor (local.get $w2) (local.get $len)) (i32.const 0x165667b1)))
                (i32.const 0x9e3779b1))
              (local.get $shift))
            (i32.const 4)))
        (loop $probe
          (local.set $e (i32.load offset=12 (i32.add (local.get $table) (local.get $slot))))
          (br_if $stop (i32.eqz (local.get $e)))
          (if (i32.and
                (i32.and
                  (i32.eq (i32.and (local.get $e) (i32.const 31)) (local.get $len))
                  (i32.eq (i32.load (i32.add (local.get $table) (local.get $slot))) (local.get $w0)))
                (i32.and
                  (i32.eq (i32.load offset=4 (i32.add (local.get $table) (local.get $slot))) (local.get $w1))
                  (i32.eq (i32.load offset=8 (i32.add (local.get $table) (local.get $slot))) (local.get $w2))))
            (then
              (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))) (i32.shr_u (local.get $e) (i32.const 5)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $rows)))
          (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 16)) (local.get $tmask)))
          (br $probe))))
    (local.get $i))
)
