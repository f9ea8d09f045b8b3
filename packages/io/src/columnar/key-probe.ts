import { KEY_MASKS, type ShortKeyTable } from '@df-stream/core/internal';
import { KEY_PROBE_WASM } from './wasm/key-probe-wasm.js';

/** What this file uses of the WebAssembly API (its types come with the DOM lib, which this package leaves out). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: { env: { memory: WasmMemory } }) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
};
type WasmMemory = { readonly buffer: ArrayBuffer };
type WasmModule = { readonly kind?: 'wasm-module' };

interface ProbeExports {
  probeViews(n: number, views: number, out: number, table: number, tableMask: number, shift: number): number;
  probe(
    n: number,
    starts: number,
    ends: number,
    lo: number,
    hi: number,
    data: number,
    out: number,
    table: number,
    tableMask: number,
    shift: number,
    empty: number,
  ): number;
}

/** The compiled module, shared by every probe; null where this runtime has no WebAssembly. */
const probeModule: WasmModule | null = (() => {
  try {
    return new WebAssembly.Module(Buffer.from(KEY_PROBE_WASM, 'base64'));
  } catch {
    return null;
  }
})();

const PAGE = 65536;
/** Where the table starts in the memory (after KEY_MASKS), on a cache line. */
const TABLE_AT = 512;
/** Rows a probe takes at once: their starts, ends and codes are copied in and out. */
export const PROBE_ROWS = 16384;
/** The most string bytes a probe copies in for its rows; rows of longer strings are left to the caller. */
const MAX_DATA = 4 * 2 ** 20;
/** Room past the data that the module's 12-byte loads may read. */
const ROOM = 16;

/**
 * Looks up rows' short strings (up to 12 bytes) in a `ShortKeyTable` in WebAssembly (`wasm/key-probe.wat`): about half
 * the time of the JS loop in a micro-benchmark (1e5 keys: 31 against 57-61 ns a row; 100 keys: 10 against 22 ns),
 * as its loop is short enough for the CPU to keep several rows' table misses in flight. The table's entries live in
 * the module's memory (`table.keys` is a view of it); when the table doubles (a new JS array) or a batch's strings
 * outgrow the room, a new memory is made and the entries copied in: a memory is never grown, since growing detaches
 * its buffer and V8 then checks every typed array access on this thread for detachment (see the CSV scanner's
 * DenseScanner). One per key interner.
 */
export class KeyProbe {
  private readonly exports: ProbeExports;
  private readonly memory: WasmMemory;
  private readonly words: Int32Array;
  private readonly bytes: Uint8Array;
  /** Where the rows' starts, ends and codes and their strings go, after the table. */
  private readonly startsAt: number;
  private readonly endsAt: number;
  private readonly outAt: number;
  private readonly dataAt: number;
  private readonly dataRoom: number;

  private constructor(
    module: WasmModule,
    private readonly tableBytes: number,
    dataRoom: number,
  ) {
    this.startsAt = TABLE_AT + tableBytes;
    this.endsAt = this.startsAt + 4 * PROBE_ROWS;
    this.outAt = this.endsAt + 4 * PROBE_ROWS;
    this.dataAt = this.outAt + 4 * PROBE_ROWS;
    this.dataRoom = dataRoom;
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((this.dataAt + dataRoom + ROOM) / PAGE) });
    this.exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as ProbeExports;
    this.words = new Int32Array(this.memory.buffer);
    this.bytes = new Uint8Array(this.memory.buffer);
    this.words.set(KEY_MASKS, 0);
  }

  /** Whether this runtime runs the module (else callers keep to their JS loop). */
  static get available(): boolean {
    return probeModule !== null;
  }

  /**
   * A probe holding `table`'s entries (moved into its memory: `table.keys` becomes a view of it) with room for
   * `dataBytes` of strings; `probe` when it already does, else a new one (null without WebAssembly).
   */
  static holding(probe: KeyProbe | null, table: ShortKeyTable, dataBytes: number): KeyProbe | null {
    if (probeModule === null) return null;
    if (probe?.holds(table) && dataBytes <= probe.dataRoom) return probe;
    const room = Math.max(dataBytes, Math.min(MAX_DATA, 2 * (probe?.dataRoom ?? 0)), 64 * 1024);
    const next = new KeyProbe(probeModule, table.keys.byteLength, room);
    const keys = new Int32Array(next.memory.buffer, TABLE_AT, table.keys.length);
    keys.set(table.keys);
    table.keys = keys;
    return next;
  }

  /** Whether `table`'s entries are the ones in this memory. */
  private holds(table: ShortKeyTable): boolean {
    return table.keys.buffer === this.memory.buffer && table.keys.byteLength === this.tableBytes;
  }

  /** Whether a run of strings `bytes` long fits what a probe copies in. */
  static fits(bytes: number): boolean {
    return bytes >= 0 && bytes <= MAX_DATA;
  }

  /**
   * Codes of rows [from, to) (at most PROBE_ROWS) of strings `src[starts[i], ends[i])` into `out`, their keys looked up
   * in `table` (which this probe holds: see `holding`). A row the probe cannot do goes to `other(i)`, which writes its
   * code (a new key, which it adds to the table; a key of more than 12 bytes; a range outside `[lo, hi)` = the start
   * of row `from` and the end of row `to - 1`; an empty string when `empty()`, its code, is -1). Returns the first row
   * not done: `to`, or the row after one whose key made the table double (its entries are no longer in this memory).
   */
  run(
    table: ShortKeyTable,
    src: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    from: number,
    to: number,
    out: Int32Array,
    empty: () => number,
    other: (i: number) => void,
  ): number {
    const lo = starts[from];
    const hi = ends[to - 1];
    // Copied once: the probe resumes after each row `other` does.
    if (hi > lo) this.bytes.set(src.subarray(lo, hi), this.dataAt);
    this.words.set(starts.subarray(from, to), this.startsAt >> 2);
    this.words.set(ends.subarray(from, to), this.endsAt >> 2);
    return this.resume(table, from, to, out, other, (k, rows) =>
      this.exports.probe(rows, this.startsAt + 4 * k, this.endsAt + 4 * k, lo, hi, this.dataAt, this.outAt + 4 * k, TABLE_AT, this.tableBytes - 1, table.shift, empty()),
    );
  }

  /**
   * As `run`, for Arrow string views (`raw`: 16 bytes a row, a length then up to 12 inline bytes): rows [from, to) whose
   * view holds its string inline and whose key is in `table`; `other(i)` writes the code of any other row.
   */
  runViews(table: ShortKeyTable, raw: Uint8Array, from: number, to: number, out: Int32Array, other: (i: number) => void): number {
    this.bytes.set(raw.subarray(16 * from, 16 * to), this.dataAt);
    return this.resume(table, from, to, out, other, (k, rows) =>
      this.exports.probeViews(rows, this.dataAt + 16 * k, this.outAt + 4 * k, TABLE_AT, this.tableBytes - 1, table.shift),
    );
  }

  /**
   * Runs `probe(k, rows)` (rows [from + k, from + k + rows) of the rows copied in, their codes to the output region at k;
   * it returns how many it did) from `from` to `to`, copying the codes out and handing each row it stops at to
   * `other`; stops after a row whose key made the table double (its entries are no longer in this memory).
   */
  private resume(table: ShortKeyTable, from: number, to: number, out: Int32Array, other: (i: number) => void, probe: (k: number, rows: number) => number): number {
    const outWords = this.outAt >> 2;
    for (let i = from; i < to; ) {
      const k = i - from;
      const done = i + probe(k, to - i);
      if (done > i) out.set(this.words.subarray(outWords + k, outWords + (done - from)), i);
      if (done === to) return to;
      other(done);
      if (!this.holds(table)) return done + 1;
      i = done + 1;
    }
    return to;
  }
}
