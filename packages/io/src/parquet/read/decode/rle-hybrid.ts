import type { ByteCursor } from './byte-cursor.js';
import { pageFail } from './page-data-error.js';
import { UnpackKernel } from './unpack-kernel.js';

/**
 * Reads `count` definition levels of a flat optional column (1 valid, 0 null; width 1) as a validity bitmap: runs set
 * or skip whole ranges, bit-packed runs are already bitmap bits. The bitmap is null when no value is null.
 */
export function readValidityLevels(c: ByteCursor, count: number): { validity: Uint8Array | null; nullCount: number } {
  let bits: Uint8Array | null = null;
  let nulls = 0;
  let filled = 0;
  const set = (from: number, to: number): void => {
    bits ??= new Uint8Array((count + 7) >>> 3);
    for (let i = from; i < to && (i & 7) !== 0; i++, from++) bits[i >>> 3] |= 1 << (i & 7);
    const wholeEnd = to & ~7;
    if (from < wholeEnd) bits.fill(0xff, from >>> 3, wholeEnd >>> 3);
    for (let i = Math.max(from, wholeEnd); i < to; i++) bits[i >>> 3] |= 1 << (i & 7);
  };
  while (filled < count) {
    const header = c.varint();
    const length = Math.floor(header / 2);
    if (header % 2 === 1) {
      const take = Math.min(length * 8, count - filled);
      const end = Math.min(c.pos + length, c.end);
      bits ??= new Uint8Array((count + 7) >>> 3);
      if (c.pos + ((take + 7) >>> 3) > end) pageFail(`a run of ${take} definition levels runs past the end of its page`);
      for (let i = 0; i < take; i++) {
        const p = c.pos + (i >>> 3);
        if ((c.bytes[p] & (1 << (i & 7))) !== 0) bits[(filled + i) >>> 3] |= 1 << ((filled + i) & 7);
        else nulls++;
      }
      c.pos = end;
      filled += take;
    } else {
      const value = c.byte();
      const take = Math.min(length, count - filled);
      if (value & 1) set(filled, filled + take);
      else nulls += take;
      filled += take;
    }
  }
  if (nulls === 0) return { validity: null, nullCount: 0 };
  return { validity: bits ?? new Uint8Array((count + 7) >>> 3), nullCount: nulls };
}

/**
 * Reads `count` values of Parquet's RLE / bit-packing hybrid (levels, dictionary indices, RLE booleans) of `width`
 * bits into `out` from `at`. Runs are checked against the bytes left: a corrupt header ends in a PageDataError when the
 * bytes run out, never in a loop or an allocation. A bit-packed run may end short of its 8-value groups in the page's
 * last run (writers pad it; some cut it): missing bytes read as zero bits, past the values wanted.
 *
 * With `table`, the values are dictionary indices and `out` gets `table[index]`, each index checked against the
 * table's length: one pass, where unpacking the indices and then mapping them was two over the page's rows (Parquet
 * q1 spent 112 + 115 ms in them on Polars' file; fused, a micro-benchmark took 6.0-6.2 against 9.1-9.2 ns a value).
 */
export function readRleHybrid(c: ByteCursor, width: number, count: number, out: Int32Array, at = 0, table?: Int32Array): void {
  if (width < 0 || width > 32) pageFail(`a bit width of ${width}`);
  const valueBytes = (width + 7) >>> 3;
  // The runs' bytes copied once into aligned words: bit-packed runs then read 32-bit words (a run is often only 256
  // values, too few to pay for a copy of its own). Dictionary indices go through the WebAssembly kernel where the page
  // fits it: the values are written in its memory, and copied out at the end.
  const base = c.pos;
  const kernel = table === undefined ? null : UnpackKernel.forPage(c.end - base, table.length, count);
  const words = kernel === null ? alignedCopy(c.bytes, base, c.end) : kernel.copyRuns(c.bytes, base, c.end);
  if (kernel !== null) {
    copiedBits = Math.max(0, c.end - base) * 8;
    kernel.useTable(table as Int32Array);
  }
  const dest = kernel === null ? out : kernel.out;
  const destAt = kernel === null ? at : 0;
  let filled = 0;
  while (filled < count) {
    const header = c.varint();
    const length = Math.floor(header / 2);
    if (header % 2 === 1) {
      const take = Math.min(length * 8, count - filled);
      // The values wanted must be in the page (only the padding of a last run may be missing).
      if ((c.pos - base) * 8 + take * width > copiedBits) pageFail(`a bit-packed run of ${take} values runs past the end of its page`);
      if (table === undefined) unpackWords(words, (c.pos - base) * 8, width, take, dest, destAt + filled);
      else if (kernel === null) unpackThrough(words, (c.pos - base) * 8, width, take, dest, destAt + filled, table);
      else unpackInKernel(kernel, words, (c.pos - base) * 8, width, take, destAt + filled, table);
      c.pos = Math.min(c.pos + length * width, c.end);
      filled += take;
    } else {
      let value = 0;
      for (let i = 0; i < valueBytes; i++) value |= c.byte() << (8 * i);
      if (length === 0) continue;
      const take = Math.min(length, count - filled);
      dest.fill(table === undefined ? value : entry(table, value), destAt + filled, destAt + filled + take);
      filled += take;
    }
  }
  if (kernel !== null) out.set(kernel.out.subarray(0, count), at);
}

/** `unpackThrough` in the kernel's memory (`dest` its values): the values inside the copy there, the rest as index 0. */
function unpackInKernel(kernel: UnpackKernel, words: Uint32Array, bit: number, width: number, count: number, at: number, table: Int32Array): void {
  const inside = valuesInside(bit, width, count);
  if (inside < count) kernel.out.fill(entry(table, 0), at + inside, at + count);
  const done = kernel.unpack(bit, width, inside, at);
  // The value the kernel stopped at has an index outside the table: the JS loop fails on it with the message.
  if (done < inside) unpackThrough(words, bit + done * width, width, 1, kernel.out, at + done, table);
}

/** An aligned copy of a bit-packed run, reused: whole 32-bit words read faster than bytes (a little-endian machine, as the readers require). */
let scratch = new Uint32Array(4096);
let scratchBytes = new Uint8Array(scratch.buffer);
/** Bits copied into `scratch` by the last `alignedCopy`: later ones are zeros or stale. */
let copiedBits = 0;

/** `count` values of `width` bits, least significant bit first, from `bytes[start..end)` (zero past `end`). */
export function unpackBits(bytes: Uint8Array, start: number, end: number, width: number, count: number, out: Int32Array, at: number): void {
  unpackWords(alignedCopy(bytes, start, Math.min(end, start + (((count * width + 31) >>> 5) + 1) * 4)), 0, width, count, out, at);
}

/**
 * `bytes[start..end)` in the reused scratch words, zero after them for two words (a run cut short, and the word past
 * a value's last one, read as zero bits). The words are valid until the next call.
 */
function alignedCopy(bytes: Uint8Array, start: number, end: number): Uint32Array {
  const length = Math.max(0, end - start);
  const need = (length >>> 2) + 3;
  if (scratch.length < need) {
    scratch = new Uint32Array(Math.max(need, 2 * scratch.length));
    scratchBytes = new Uint8Array(scratch.buffer);
  }
  scratchBytes.set(bytes.subarray(start, start + length));
  scratchBytes.fill(0, length, need * 4);
  copiedBits = length * 8;
  return scratch;
}

/**
 * `count` values of `width` bits from bit `bit` of `words` (past the copied bytes they read as zero). A value's bits
 * are the word it starts in shifted down, or'ed with the next word shifted up by 32 - s in two steps (one shift of 32
 * is one of 0 in JavaScript): no branch on whether the value spans two words, 15-25% faster at widths 3 and 7.
 */
function unpackWords(words: Uint32Array, bit: number, width: number, count: number, out: Int32Array, at: number): void {
  if (width === 0) {
    out.fill(0, at, at + count);
    return;
  }
  const mask = width === 32 ? -1 : (1 << width) - 1;
  const inside = valuesInside(bit, width, count);
  out.fill(0, at + inside, at + count);
  for (let i = 0; i < inside; i++, bit += width) {
    const k = bit >>> 5;
    const s = bit & 31;
    out[at + i] = ((words[k] >>> s) | ((words[k + 1] << (31 - s)) << 1)) & mask;
  }
}

/** As `unpackWords`, each value an index into `table`, checked, and `table[index]` written. */
function unpackThrough(words: Uint32Array, bit: number, width: number, count: number, out: Int32Array, at: number, table: Int32Array): void {
  const mask = width === 32 ? -1 : width === 0 ? 0 : (1 << width) - 1;
  const size = table.length;
  const inside = valuesInside(bit, width, count);
  if (inside < count) out.fill(entry(table, 0), at + inside, at + count);
  for (let i = 0; i < inside; i++, bit += width) {
    const k = bit >>> 5;
    const s = bit & 31;
    const index = ((words[k] >>> s) | ((words[k + 1] << (31 - s)) << 1)) & mask;
    if (index >>> 0 >= size) pageFail(`dictionary index ${index} is outside a dictionary of ${size} entries`);
    out[at + i] = table[index];
  }
}

/**
 * Values starting inside the copy: one that claims more than its page holds reads as zero, like missing bytes; one
 * that starts inside it ends in the zero words after it.
 */
function valuesInside(bit: number, width: number, count: number): number {
  return width === 0 ? count : Math.min(count, Math.max(0, Math.ceil((copiedBits - bit) / width)));
}

/** `table[index]`, the index checked. */
function entry(table: Int32Array, index: number): number {
  if (index >>> 0 >= table.length) pageFail(`dictionary index ${index} is outside a dictionary of ${table.length} entries`);
  return table[index];
}
