;; SumState's two row loops (sum-state.ts: addExact, addCompensated) over a block of rows, the groups' (sum,
;; compensation, count) triples copied in at $st. The same float64 operations in the same order as the JS loops, so the
;; sums are the same bits. On the development machine the JS loops took 5-6 ns a row over 100 groups (V8's typed-array
;; stores); this, with the copies in and out, about 1.4. 52 pages: the triples of 131072 groups, then a block's rows.
(module
  ;; The caller's regions (see sum-kernel.ts): the triples, the block's values as float64, its group ids.
  (memory (export "memory") 52)
  ;; addExact(st, values, gids, n): st[3g] += v, st[3g + 2] += 1.
  (func (export "addExact") (param $st i32) (param $v i32) (param $g i32) (param $n i32)
    (local $i i32) (local $b i32)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $b (i32.add (local.get $st) (i32.mul (i32.load (i32.add (local.get $g) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 24))))
        (f64.store (local.get $b) (f64.add (f64.load (local.get $b)) (f64.load (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3))))))
        (f64.store offset=16 (local.get $b) (f64.add (f64.load offset=16 (local.get $b)) (f64.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; addCompensated(st, values, gids, n): Neumaier's sum, t = s + v and the compensation += (s - t) + v when |s| >= |v|,
  ;; else (v - t) + s; the count += 1.
  (func (export "addCompensated") (param $st i32) (param $v i32) (param $g i32) (param $n i32)
    (local $i i32) (local $b i32) (local $x f64) (local $s f64) (local $t f64)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $b (i32.add (local.get $st) (i32.mul (i32.load (i32.add (local.get $g) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 24))))
        (local.set $x (f64.load (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $s (f64.load (local.get $b)))
        (local.set $t (f64.add (local.get $s) (local.get $x)))
        (f64.store offset=8 (local.get $b)
          (f64.add (f64.load offset=8 (local.get $b))
            (select
              (f64.add (f64.sub (local.get $s) (local.get $t)) (local.get $x))
              (f64.add (f64.sub (local.get $x) (local.get $t)) (local.get $s))
              (f64.ge (f64.abs (local.get $s)) (f64.abs (local.get $x))))))
        (f64.store (local.get $b) (local.get $t))
        (f64.store offset=16 (local.get $b) (f64.add (f64.load offset=16 (local.get $b)) (f64.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))
)
