;; The CSV tokenizer's fast path (see dense-scanner.ts): finds the separators of quote-free bytes 16 at a time
;; (WebAssembly SIMD: compare a vector with the delimiter and the line ends, take one bit per byte) and checks
;; rows as it goes. Compiled into dense-scanner-wasm.ts by `pnpm build:wasm`.
(module
  ;; The caller makes the memory at its final size: growing it would detach its buffer, and one detached buffer
  ;; makes V8 check every typed array access on the thread for detachment from then on.
  (import "env" "memory" (memory 1))
  ;; Scans bytes [in, in + len), with 16 readable bytes after them, for separators: the delimiter, LF, and CR
  ;; when useCr. Each one's position + base goes to the i32 array at `seps`, from index 1, while rows check
  ;; out: `perRow` separators each, the last a LF (right after a CR when crlf), the one before it a CR when
  ;; crlf, all others delimiters, the row shorter than maxLine bytes. Stops at the first row that does not
  ;; check out (left to the caller's general loop), after rowsCap rows, at a row starting at or after
  ;; rangeEnd (then the i32 at address 0 is 1, else 0), or at the end of the bytes (an unfinished row is
  ;; dropped). Returns the rows found.
  (func (export "dense")
    (param $in i32) (param $len i32) (param $base i32) (param $delim i32) (param $useCr i32) (param $crlf i32)
    (param $perRow i32) (param $rowsCap i32) (param $maxLine i32) (param $rangeEnd i32) (param $seps i32)
    (result i32)
    (local $v v128) (local $D v128) (local $L v128) (local $R v128)
    (local $blk i32) (local $m i32) (local $rel i32) (local $c i32) (local $n i32) (local $k i32)
    (local $rows i32) (local $rowStart i32) (local $last i32) (local $crAt i32) (local $abs i32)
    (local.set $D (i8x16.splat (local.get $delim)))
    (local.set $L (i8x16.splat (i32.const 10)))
    ;; Without CRs the third pattern repeats LF, which costs one compare and no branch.
    (local.set $R (i8x16.splat (select (i32.const 13) (i32.const 10) (local.get $useCr))))
    (local.set $last (i32.sub (local.get $perRow) (i32.const 1)))
    ;; The separator index at which a CRLF row has its CR; -1 (never) otherwise.
    (local.set $crAt (select (i32.sub (local.get $perRow) (i32.const 2)) (i32.const -1) (local.get $crlf)))
    (local.set $n (i32.const 1))
    (local.set $rowStart (local.get $base))
    (i32.store (i32.const 0) (i32.const 0))
    (if (i32.ge_s (local.get $rowStart) (local.get $rangeEnd))
      (then (i32.store (i32.const 0) (i32.const 1)) (return (i32.const 0))))
    (block $stop
      (loop $blocks
        (br_if $stop (i32.ge_u (local.get $blk) (local.get $len)))
        (local.set $m (i8x16.bitmask
          (v128.or
            (v128.or
              (i8x16.eq (local.tee $v (v128.load (i32.add (local.get $in) (local.get $blk)))) (local.get $D))
              (i8x16.eq (local.get $v) (local.get $L)))
            (i8x16.eq (local.get $v) (local.get $R)))))
        ;; The last vector reaches past the bytes: keep the bits of bytes inside.
        (if (i32.gt_u (i32.add (local.get $blk) (i32.const 16)) (local.get $len))
          (then (local.set $m (i32.and (local.get $m)
            (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $len) (local.get $blk))) (i32.const 1))))))
        (block $nextBlock
          (loop $bits
            (br_if $nextBlock (i32.eqz (local.get $m)))
            (local.set $rel (i32.add (local.get $blk) (i32.ctz (local.get $m))))
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            (local.set $c (i32.load8_u (i32.add (local.get $in) (local.get $rel))))
            (local.set $abs (i32.add (local.get $base) (local.get $rel)))
            (i32.store (i32.add (local.get $seps) (i32.shl (local.get $n) (i32.const 2))) (local.get $abs))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (if (i32.eq (local.get $k) (local.get $last))
              (then
                (br_if $stop (i32.ne (local.get $c) (i32.const 10)))
                ;; CRLF: the CR (checked as separator crAt) must sit right before the LF.
                (if (local.get $crlf)
                  (then (br_if $stop (i32.ne
                    (i32.load (i32.add (local.get $seps) (i32.shl (i32.sub (local.get $n) (i32.const 2)) (i32.const 2))))
                    (i32.sub (local.get $abs) (i32.const 1))))))
                (br_if $stop (i32.ge_s (i32.sub (local.get $abs) (local.get $rowStart)) (local.get $maxLine)))
                (local.set $rows (i32.add (local.get $rows) (i32.const 1)))
                (local.set $rowStart (i32.add (local.get $abs) (i32.const 1)))
                (local.set $k (i32.const 0))
                (br_if $stop (i32.ge_u (local.get $rows) (local.get $rowsCap)))
                (if (i32.ge_s (local.get $rowStart) (local.get $rangeEnd))
                  (then (i32.store (i32.const 0) (i32.const 1)) (br $stop))))
              (else
                (br_if $stop (i32.ne (local.get $c)
                  (select (i32.const 13) (local.get $delim) (i32.eq (local.get $k) (local.get $crAt)))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))))
            (br $bits)))
        (local.set $blk (i32.add (local.get $blk) (i32.const 16)))
        (br $blocks)))
    (local.get $rows))
)
