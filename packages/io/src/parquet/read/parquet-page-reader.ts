import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { pageHeaderProblem } from './check-parquet-pages.js';
import { decompressPage } from './decode/decompress-page.js';
import { pageFail } from './decode/page-data-error.js';
import { readThriftStruct, ThriftError, type ThriftStruct, type ThriftValue } from './thrift-compact.js';

/** One page of a column chunk, decompressed. */
export interface ParquetPage {
  readonly type: 'dictionary' | 'data';
  /** Values in the page: entries of a dictionary page; rows (nulls included) of a flat column's data page. */
  readonly numValues: number;
  readonly encoding: number;
  /** A v1 data page: levels (each run prefixed by its length) then values; v2 and dictionary pages: values. */
  readonly body: Uint8Array;
  /** A v2 data page's definition levels (uncompressed, no length prefix); undefined for v1. */
  readonly definitionLevels: Uint8Array | undefined;
  /** A v1 data page's definition level encoding (RLE or the deprecated BIT_PACKED). */
  readonly levelEncoding: number;
  /** A v2 data page's null count. */
  readonly numNulls: number | undefined;
}

/** Bytes read at a time; a page larger than this is read whole. */
const WINDOW = 1 << 20;
/** A page header with statistics is a few hundred bytes; one with huge min/max values may need more. */
const MAX_HEADER = 16 << 20;

/**
 * The pages of one column's chunks, read from the file with positional reads of at most a window (or one page) at a time,
 * so a column chunk of any size costs a bounded buffer, reused from page to page and chunk to chunk: a page is valid
 * until the next is read. Every size in a page header is checked against the chunk's
 * bytes left before it is used.
 */
export class ParquetPageReader {
  private buffer = new Uint8Array(0);
  private bufferStart = 0;
  private bufferEnd = 0;
  private at: number;
  /** Compressed bytes read from the file so far. */
  bytesRead = 0;

  private end = 0;
  private codec = 0;

  constructor(private readonly handle: FileHandle) {
    this.at = 0;
  }

  /** Moves to the column chunk in bytes [start, end) (buffers are kept for it). */
  startChunk(start: number, end: number, codec: number): void {
    this.at = start;
    this.end = end;
    this.codec = codec;
    this.bufferEnd = 0;
  }

  async next(): Promise<ParquetPage | undefined> {
    for (;;) {
      if (this.at >= this.end) return undefined;
      const { header, length } = await this.header();
      const problem = pageHeaderProblem(header);
      if (problem !== undefined) pageFail(`the page header at byte ${this.at} ${problem}`);
      const compressed = count(header.get(3), 'compressed size');
      const uncompressed = count(header.get(2), 'uncompressed size');
      const start = this.at + length;
      if (compressed > this.end - start) pageFail(`the page at byte ${this.at} holds ${compressed} bytes, past the end of its column chunk (byte ${this.end})`);
      const raw = await this.bytes(start, compressed);
      this.at = start + compressed;
      const type = header.get(1);
      if (type === 2) {
        const dict = struct(header.get(7), 'dictionary page header');
        return page('dictionary', count(dict.get(1), 'value count'), num(dict.get(2)), this.decompress(raw, uncompressed), undefined, 3, undefined);
      }
      if (type === 0) {
        const data = struct(header.get(5), 'data page header');
        return page('data', count(data.get(1), 'value count'), num(data.get(2)), this.decompress(raw, uncompressed), undefined, num(data.get(3)), undefined);
      }
      if (type === 3) {
        const data = struct(header.get(8), 'data page v2 header');
        const defLength = count(data.get(5), 'definition level length');
        const repLength = count(data.get(6), 'repetition level length');
        if (defLength + repLength > compressed) pageFail(`a v2 page's levels take ${defLength + repLength} of its ${compressed} bytes`);
        // A flat column has no repetition levels; a writer that gives bytes for them anyway gives zeros (they are skipped).
        const values = raw.subarray(defLength + repLength);
        const size = uncompressed - defLength - repLength;
        // An empty page's values are no bytes at all, not an empty compressed frame.
        const body = data.get(7) === false || (size === 0 && values.length === 0) ? values : this.decompress(values, size);
        return page(
          'data',
          count(data.get(1), 'value count'),
          num(data.get(4)),
          body,
          raw.subarray(repLength, repLength + defLength),
          3,
          count(data.get(2), 'null count'),
        );
      }
      // Index pages (and unknown types) carry nothing a reader needs.
    }
  }

  /** A page's bytes, valid until the next page is read (the read buffer and the decompression scratch are reused). */
  private decompress(raw: Uint8Array, size: number): Uint8Array {
    return decompressPage(this.codec, raw, size, this.scratch);
  }

  private scratchBuffer = new Uint8Array(0);

  private readonly scratch = (size: number): Uint8Array => {
    if (this.scratchBuffer.length < size) this.scratchBuffer = new Uint8Array(Math.max(size, this.scratchBuffer.length * 2));
    return this.scratchBuffer.subarray(0, size);
  };

  private async header(): Promise<{ header: ThriftStruct; length: number }> {
    let window = Math.min(WINDOW, this.end - this.at);
    for (;;) {
      const bytes = await this.bytes(this.at, window);
      try {
        const { value, end } = readThriftStruct(bytes);
        return { header: value, length: end };
      } catch (error) {
        if (!(error instanceof ThriftError)) throw error;
        const most = Math.min(MAX_HEADER, this.end - this.at);
        if (window >= most)
          pageFail(`corrupt page header at byte ${this.at}: ${error.message.replace(/ at byte (\d+)$/, (_, n: string) => ` at byte ${this.at + Number(n)}`)}`);
        window = Math.min(window * 4, most);
      }
    }
  }

  /** Bytes [position, position + length) of the file, from the buffer or a new read of at least a window. */
  private async bytes(position: number, length: number): Promise<Uint8Array> {
    const offset = position - this.bufferStart;
    if (offset >= 0 && position + length <= this.bufferEnd) return this.buffer.subarray(offset, offset + length);
    const size = Math.max(length, Math.min(WINDOW, this.end - position));
    // One buffer reused for every read (a fresh one costs more than the read: its pages fault in): what is read is
    // decompressed or copied out before the next read.
    const buffer = this.buffer.length >= size ? this.buffer : new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const bytesRead = readSync(this.handle.fd, buffer, done, size - done, position + done);
      if (bytesRead === 0) pageFail(`the file ended at byte ${position + done} inside a column chunk`);
      done += bytesRead;
    }
    this.bytesRead += size;
    this.buffer = buffer;
    this.bufferStart = position;
    this.bufferEnd = position + size;
    return buffer.subarray(0, length);
  }
}

function page(
  type: 'dictionary' | 'data',
  numValues: number,
  encoding: number | undefined,
  body: Uint8Array,
  definitionLevels: Uint8Array | undefined,
  levelEncoding: number | undefined,
  numNulls: number | undefined,
): ParquetPage {
  return { type, numValues, encoding: encoding ?? 0, body, definitionLevels, levelEncoding: levelEncoding ?? 3, numNulls };
}

function count(value: ThriftValue | undefined, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) pageFail(`a page header gives a ${what} of ${String(value)}`);
  return value;
}

function num(value: ThriftValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function struct(value: ThriftValue | undefined, what: string): ThriftStruct {
  if (!(value instanceof Map)) pageFail(`a page lacks its ${what}`);
  return value;
}
