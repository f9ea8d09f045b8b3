import { availableParallelism } from 'node:os';
import { compileWasm, instantiateWasm, KEY_MASKS, newWasmMemory, type ShortKeyTable, type WasmMemory, type WasmModule } from '@df-stream/core/internal';
import { KEY_PROBE_WASM } from './wasm/key-probe-wasm.js';

interface ProbeExports {
  probe(
    n: number,
    starts: number,
    ends: number,
    stride: number,
    startAdd: number,
    lo: number,
    hi: number,
    data: number,
    out: number,
    table: number,
    tableMask: number,
    shift: number,
    empty: number,
    nullLengths: number,
  ): number;
  probeViews(n: number, views: number, out: number, table: number, tableMask: number, shift: number): number;
}

/**
 * Where rows' strings are in their bytes: row i from `starts[startAt + i * stride] + startAdd` to
 * `ends[endAt + i * stride]` (the CSV tokenizer's `FieldRefs`; a reader's offsets have stride 1).
 */
export interface ProbeFields {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly startAt: number;
  readonly endAt: number;
  readonly stride: number;
  readonly startAdd: number;
}

/** The compiled module, shared by every probe; null where this runtime has no WebAssembly, or is big-endian (the
 * table's words, written through an Int32Array, are read little-endian). */
const probeModule = compileWasm(KEY_PROBE_WASM, true);

/** Where the table starts in the memory (after KEY_MASKS), on a cache line. */
const TABLE_AT = 512;
/** Rows a probe takes at once at the most: their codes are copied out. */
export const PROBE_ROWS = 16384;
/** Ints of starts and ends a probe copies in for its rows (a CSV batch's separators: a row's fields' for each). */
const INDEX_INTS = 2 * PROBE_ROWS;
/** The most string bytes a probe copies in for its rows; rows of longer strings are left to the caller. */
const MAX_DATA = 4 * 2 ** 20;
/** Room past the data that the module's 12-byte loads may read. */
const ROOM = 16;
/**
 * Probes a thread may have alive (made, not yet collected) before `holding` makes no new one (a table doubling still
 * gets its new memory): V8 reserves about 10 GiB of address space for each WebAssembly memory and refuses to make one
 * past about a terabyte a process, so a file of thousands of string columns must not make one each, nor may the
 * threads of a many-core machine together (every thread of a job can read: about 48 probes a process, at most 16 a
 * thread). A memory V8 refuses all the same leaves the work to the JS loop.
 */
const MAX_LIVE = Math.max(1, Math.min(16, Math.floor(48 / availableParallelism())));
let live = 0;
const collected = new FinalizationRegistry<undefined>(() => {
  live--;
});

/**
 * Looks up rows' short strings (up to 12 bytes) in a `ShortKeyTable` in WebAssembly (`wasm/key-probe.wat`): about half
 * the time of the JS loop in a micro-benchmark (1e5 keys: 31 against 57-61 ns a row; 100 keys: 10 against 22 ns),
 * as its loop is short enough for the CPU to keep several rows' table misses in flight. The table's entries live in
 * the module's memory (`table.keys` is a view of it); when the table doubles (a new JS array) or a batch's strings
 * outgrow the room, a new memory is made and the entries copied in: a memory is never grown, since growing detaches
 * its buffer and V8 then checks every typed array access on this thread for detachment (see the CSV scanner's
 * DenseScanner). One per key interner or CSV key column.
 */
export class KeyProbe {
  private readonly exports: ProbeExports;
  private readonly memory: WasmMemory;
  private readonly words: Int32Array;
  private readonly bytes: Uint8Array;
  /** Where the rows' starts and ends, codes and strings go, after the table. */
  private readonly indexAt: number;
  private readonly outAt: number;
  private readonly dataAt: number;
  private readonly dataRoom: number;

  private constructor(
    module: WasmModule,
    private readonly tableBytes: number,
    dataRoom: number,
  ) {
    this.indexAt = TABLE_AT + tableBytes;
    this.outAt = this.indexAt + 4 * INDEX_INTS;
    this.dataAt = this.outAt + 4 * PROBE_ROWS;
    this.dataRoom = dataRoom;
    this.memory = newWasmMemory(this.dataAt + dataRoom + ROOM);
    this.exports = instantiateWasm<ProbeExports>(module, this.memory);
    this.words = new Int32Array(this.memory.buffer);
    this.bytes = new Uint8Array(this.memory.buffer);
    this.words.set(KEY_MASKS, 0);
    live++;
    collected.register(this, undefined);
  }

  /** Whether this runtime runs the module (else callers keep to their JS loop). */
  static get available(): boolean {
    return probeModule !== null;
  }

  /**
   * A probe holding `table`'s entries (moved into its memory: `table.keys` becomes a view of it) with room for
   * `dataBytes` of strings; `probe` when it already does, else a new one (null without WebAssembly, or when
   * `probe` is null and the thread has MAX_LIVE probes alive: the caller's JS loop does the work then).
   */
  static holding(probe: KeyProbe | null, table: ShortKeyTable, dataBytes: number): KeyProbe | null {
    if (probeModule === null) return null;
    if (probe?.holds(table) && dataBytes <= probe.dataRoom) return probe;
    if (probe === null && live >= MAX_LIVE) return null;
    // Room doubles only when the strings outgrew it (not when the table did).
    const room = Math.max(dataBytes, 64 * 1024, probe === null ? 0 : dataBytes > probe.dataRoom ? Math.min(MAX_DATA, 2 * probe.dataRoom) : probe.dataRoom);
    let next: KeyProbe;
    try {
      next = new KeyProbe(probeModule, table.keys.byteLength, room);
    } catch {
      // No memory to be had (see MAX_LIVE): the table stays where it is, for the JS loop.
      return null;
    }
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

  /** Rows of `fields` a probe takes at once (their starts and ends must fit its copy). */
  static rowsAtOnce(fields: ProbeFields): number {
    const ints = fields.starts === fields.ends ? fields.stride + Math.abs(fields.endAt - fields.startAt) : 2 * fields.stride;
    return Math.max(1, Math.min(PROBE_ROWS, Math.floor(INDEX_INTS / ints) - 1));
  }

  /**
   * Bytes of `src` the strings of rows [from, to) of `fields` span: from the first row's start to the last row's end;
   * -1 when the first start is negative (a CSV quoted field) or the last end comes before it.
   */
  static span(fields: ProbeFields, from: number, to: number): number {
    const lo = fields.starts[fields.startAt + from * fields.stride] + fields.startAdd;
    const hi = fields.ends[fields.endAt + (to - 1) * fields.stride];
    return lo >= 0 && hi >= lo ? hi - lo : -1;
  }

  /**
   * Codes of rows [from, to) (at most `rowsAtOnce`) of strings `src[start, end)` of `fields` into `out[outAt + i]`,
   * their keys looked up in `table` (which this probe holds: see `holding`). A row the probe cannot do goes to
   * `other(i)`, which writes its code and returns whether to go on (a new key, which it adds to the table; a key of more
   * than 12 bytes; one whose length is a bit of `nullLengths`; a range outside the one rows `from` to `to - 1` span, see
   * `span`; an empty string when `empty()`, its code, is -1). Returns the first row not done: `to`, or the row after
   * one where `other` said stop or whose key made the table double (its entries are no longer in this memory).
   */
  run(
    table: ShortKeyTable,
    src: Uint8Array,
    fields: ProbeFields,
    from: number,
    to: number,
    out: Int32Array | Uint32Array,
    outAt: number,
    empty: () => number,
    nullLengths: number,
    other: (i: number) => boolean,
  ): number {
    const { starts, ends, stride, startAdd } = fields;
    const lo = starts[fields.startAt + from * stride] + startAdd;
    const hi = ends[fields.endAt + (to - 1) * stride];
    if (!(lo >= 0 && hi >= lo)) throw new Error(`internal: KeyProbe.run over rows that span no bytes (${lo}..${hi}); see span`);
    // Copied once: the probe resumes after each row `other` does.
    this.bytes.set(src.subarray(lo, hi), this.dataAt);
    let startsAt: number;
    let endsAt: number;
    const index = this.indexAt >> 2;
    if (starts === ends) {
      // One array (a CSV batch's separators): the ints from the first row's first to the last row's last, once.
      const first = Math.min(fields.startAt, fields.endAt) + from * stride;
      this.words.set(starts.subarray(first, Math.max(fields.startAt, fields.endAt) + (to - 1) * stride + 1), index);
      startsAt = this.indexAt + 4 * (fields.startAt + from * stride - first);
      endsAt = this.indexAt + 4 * (fields.endAt + from * stride - first);
    } else {
      const n = (to - from - 1) * stride + 1;
      this.words.set(starts.subarray(fields.startAt + from * stride, fields.startAt + from * stride + n), index);
      this.words.set(ends.subarray(fields.endAt + from * stride, fields.endAt + from * stride + n), index + n);
      startsAt = this.indexAt;
      endsAt = this.indexAt + 4 * n;
    }
    const step = 4 * stride;
    return this.resume(table, from, to, out, outAt, other, (k, rows) =>
      this.exports.probe(
        rows,
        startsAt + step * k,
        endsAt + step * k,
        stride,
        startAdd,
        lo,
        hi,
        this.dataAt,
        this.outAt + 4 * k,
        TABLE_AT,
        this.tableBytes - 1,
        table.shift,
        empty(),
        nullLengths,
      ),
    );
  }

  /**
   * As `run`, for Arrow string views (`raw`: 16 bytes a row, a length then up to 12 inline bytes): rows [from, to) whose
   * view holds its string inline and whose key is in `table`; `other(i)` writes the code of any other row.
   */
  runViews(table: ShortKeyTable, raw: Uint8Array, from: number, to: number, out: Int32Array, other: (i: number) => boolean): number {
    this.bytes.set(raw.subarray(16 * from, 16 * to), this.dataAt);
    return this.resume(table, from, to, out, 0, other, (k, rows) =>
      this.exports.probeViews(rows, this.dataAt + 16 * k, this.outAt + 4 * k, TABLE_AT, this.tableBytes - 1, table.shift),
    );
  }

  /**
   * Runs `probe(k, rows)` (rows [from + k, from + k + rows) of the rows copied in, their codes to the output region at k;
   * it returns how many it did) from `from` to `to`, copying the codes out and handing each row it stops at to
   * `other`; stops after a row where `other` said stop or whose key made the table double (its entries are no longer
   * in this memory).
   */
  private resume(
    table: ShortKeyTable,
    from: number,
    to: number,
    out: Int32Array | Uint32Array,
    outAt: number,
    other: (i: number) => boolean,
    probe: (k: number, rows: number) => number,
  ): number {
    const outWords = this.outAt >> 2;
    for (let i = from; i < to; ) {
      const k = i - from;
      const done = i + probe(k, to - i);
      if (done > i) out.set(this.words.subarray(outWords + k, outWords + (done - from)), outAt + i);
      if (done === to) return to;
      if (!other(done) || !this.holds(table)) return done + 1;
      i = done + 1;
    }
    return to;
  }
}
