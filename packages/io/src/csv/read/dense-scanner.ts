import { compileWasm, instantiateWasm, newWasmMemory, type WasmModule } from '@df-stream/core/internal';
import { DENSE_SCANNER_WASM } from './wasm/dense-scanner-wasm.js';

/** Bytes copied into the scanner per call: a batch of rows ends there at the latest (a longer row goes the general way). */
export const DENSE_WINDOW = 1 << 20;
/** Start of the copied bytes in the module's memory; bytes [0, 4) hold the range-end status. */
const IN = 64;
/** The SIMD loop reads whole 16-byte vectors: room after the last copied byte. */
const PAD = 16;
/** Positions and limits are i32 in the module: an input position past this cannot be scanned (nor is one). */
const I32_MAX = 0x7fffffff;

interface DenseExports {
  dense(
    input: number,
    len: number,
    base: number,
    delimiter: number,
    useCr: number,
    crlf: number,
    perRow: number,
    rowsCap: number,
    maxLine: number,
    rangeEnd: number,
    seps: number,
  ): number;
}

/** The compiled module, shared by every scanner; null where this runtime has no WebAssembly SIMD. */
const denseModule = compileWasm(DENSE_SCANNER_WASM);

export interface DenseScanParams {
  delimiter: number;
  /** The bytes hold a CR: it is a separator too (a lone one ends the scan, as the general loop must see it). */
  useCr: boolean;
  /** Rows end in CRLF: one separator more per row, the CR. */
  crlf: boolean;
  /** Separators per row: the field count, plus one with CRLF. */
  perRow: number;
  rowsCap: number;
  maxLineBytes: number;
  /** Rows starting at or after this buffer position are not scanned. */
  rangeEnd: number;
}

/**
 * The tokenizer's quote-free fast path, in WebAssembly SIMD (`wasm/dense-scanner.wat`): splits complete rows of
 * `buf[start, end)` into separator positions, 16 bytes per step, where JS could only go 4 bytes per step
 * (SWAR), the bulk of the tokenizer's time. The bytes are copied into the module's memory (a memcpy, a
 * tenth of the scan's cost); the positions come back in `seps`, a view of that memory: `seps[0]` is
 * `start - 1`, then `perRow` separators per row, each row's last one its line feed.
 */
export class DenseScanner {
  /** Separator positions of the last scan (see the class comment); valid until the next scan. */
  readonly seps: Int32Array;
  /** The last scan stopped at a row starting at or after `rangeEnd`. */
  reachedRangeEnd = false;
  private readonly exports: DenseExports;
  private readonly bytes: Uint8Array;
  private readonly status: Int32Array;
  private readonly sepsAt: number;
  /** The longest mean row length seen in a scan: how many bytes a scan copies per row it may return. */
  private rowBytes = 64;

  /** A scanner whose scans return at most `maxSeparators` separators; null without WebAssembly SIMD. */
  static create(maxSeparators: number): DenseScanner | null {
    return denseModule === null ? null : new DenseScanner(denseModule, maxSeparators);
  }

  private constructor(module: WasmModule, maxSeparators: number) {
    this.sepsAt = IN + DENSE_WINDOW + PAD;
    const size = this.sepsAt + 4 * (maxSeparators + 1);
    // Made at its size and never grown, so these views stay valid; and no buffer is detached (growing detaches the
    // old one, after which V8 checks every typed array access on this thread: CSV group-bys ran 5-12% slower so).
    const memory = newWasmMemory(size);
    this.exports = instantiateWasm<DenseExports>(module, memory);
    this.bytes = new Uint8Array(memory.buffer, IN, DENSE_WINDOW + PAD);
    this.status = new Int32Array(memory.buffer, 0, 1);
    this.seps = new Int32Array(memory.buffer, this.sepsAt, maxSeparators + 1);
  }

  /**
   * Scans `buf[start, end)` (at most `DENSE_WINDOW` bytes of it, which must hold no quote) and returns the
   * complete rows found before the first row that breaks `params` (left to the general loop).
   */
  scan(buf: Uint8Array, start: number, end: number, params: DenseScanParams): number {
    const rowsCap = Math.min(params.rowsCap, Math.floor((this.seps.length - 1) / params.perRow));
    // Copy about what `rowsCap` rows take (rows so far, plus a quarter), not the whole window: a batch of a few
    // rows would otherwise copy a MiB for each, and bytes past the batch are copied again by the next scan.
    const most = Math.min(end - start, DENSE_WINDOW);
    if (most <= 0 || start + most > I32_MAX) return 0;
    let rows = this.scanBytes(buf, start, Math.min(most, Math.ceil(rowsCap * this.rowBytes * 1.25) + 1024), rowsCap, params);
    // Not one whole row in the estimate (rows longer than any so far): the whole window, then.
    if (rows === 0 && !this.reachedRangeEnd) rows = this.scanBytes(buf, start, most, rowsCap, params);
    if (rows > 0) this.rowBytes = Math.max(this.rowBytes, (this.seps[rows * params.perRow] + 1 - start) / rows);
    return rows;
  }

  private scanBytes(buf: Uint8Array, start: number, len: number, rowsCap: number, params: DenseScanParams): number {
    this.bytes.set(buf.subarray(start, start + len));
    this.seps[0] = start - 1;
    const rows = this.exports.dense(
      IN,
      len,
      start,
      params.delimiter,
      params.useCr ? 1 : 0,
      params.crlf ? 1 : 0,
      params.perRow,
      rowsCap,
      Math.min(params.maxLineBytes, I32_MAX),
      Math.min(params.rangeEnd, I32_MAX),
      this.sepsAt,
    );
    this.reachedRangeEnd = this.status[0] === 1;
    return rows;
  }
}
