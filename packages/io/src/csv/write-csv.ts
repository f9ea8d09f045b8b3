import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import {
  BigIntColumn,
  BoolColumn,
  CategoricalColumn,
  type Chunk,
  type Column,
  type Dictionary,
  NumberColumn,
  type Schema,
  Utf8Column,
  utf8Decoder,
} from '@df-stream/core';
import type { CsvWriteOptions } from './csv-options.js';

/** Anything that yields chunks: a DataFrame, a LazyFrame, a CsvSource scan, a generator. */
export type ChunkSource = AsyncIterable<Chunk> & { schema?: Schema | (() => Promise<Schema>) };

/** Bytes gathered before each write call. */
const WRITE_BYTES = 1 << 20;
/** Texts a reader takes for null by default: such a string is quoted so it reads back as a string. */
const NULL_LOOKALIKES = new Set(['', 'NA', 'null', 'NULL']);

/**
 * Streams chunks to a CSV file with RFC 4180 quoting. A path is written under a temp name in the same
 * directory and renamed at the end, so a failure leaves no partial file; `'-'` or a Writable gets the text
 * directly (and is not ended).
 */
export async function writeCsv(source: ChunkSource, path: string | NodeJS.WritableStream, options: CsvWriteOptions = {}): Promise<void> {
  const format = new CsvFormat(options);
  const target = path === '-' ? process.stdout : path;
  if (typeof target !== 'string') {
    await writeAll(source, format, (text) => writeToStream(target, text));
    return;
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | undefined = await open(temp, 'wx');
  try {
    const file = handle;
    await writeAll(source, format, async (text) => {
      await file.write(text, null, 'utf8');
    });
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function writeAll(source: ChunkSource, format: CsvFormat, write: (text: string) => Promise<void>): Promise<void> {
  let pending = '';
  let headerDone = !format.header;
  const known = await schemaOf(source);
  if (!headerDone && known !== undefined) {
    pending += format.headerLine(known);
    headerDone = true;
  }
  for await (const chunk of source) {
    if (!headerDone) {
      pending += format.headerLine(chunk.schema);
      headerDone = true;
    }
    const cells = chunk.columns.map((c) => format.cells(c));
    const n = chunk.numRows;
    const { delimiter, lineTerminator } = format;
    for (let r = 0; r < n; r++) {
      let line = cells[0](r);
      for (let j = 1; j < cells.length; j++) line += delimiter + cells[j](r);
      pending += line + lineTerminator;
      if (pending.length >= WRITE_BYTES) {
        await write(pending);
        pending = '';
      }
    }
  }
  if (pending.length > 0) await write(pending);
}

async function schemaOf(source: ChunkSource): Promise<Schema | undefined> {
  const s = source.schema;
  if (s === undefined) return undefined;
  return typeof s === 'function' ? await s.call(source) : s;
}

async function writeToStream(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream as unknown as NodeJS.EventEmitter, 'drain');
}

/** How values become CSV text. */
class CsvFormat {
  readonly delimiter: string;
  readonly lineTerminator: string;
  readonly header: boolean;
  private readonly quote: string;
  private readonly nullValue: string;
  private readonly quoteAll: boolean;
  private readonly needsQuote: RegExp;
  private readonly escaped: RegExp;
  /** Formatted dictionary entries, made once per dictionary and code, not once per row. */
  private readonly dictionaries = new Map<Dictionary, (string | undefined)[]>();

  constructor(options: CsvWriteOptions) {
    this.delimiter = options.delimiter ?? ',';
    this.quote = options.quote ?? '"';
    this.nullValue = options.nullValue ?? '';
    this.header = options.header ?? true;
    this.lineTerminator = options.lineTerminator ?? '\n';
    this.quoteAll = options.quoteAll ?? false;
    if (this.delimiter.length !== 1 || this.quote.length !== 1 || this.delimiter === this.quote) {
      throw new RangeError('delimiter and quote must be two different single characters');
    }
    this.needsQuote = new RegExp(`[${escapeRegExp(this.delimiter)}${escapeRegExp(this.quote)}\\r\\n]`);
    this.escaped = new RegExp(escapeRegExp(this.quote), 'g');
  }

  headerLine(schema: Schema): string {
    return schema.names.map((n) => this.text(n)).join(this.delimiter) + this.lineTerminator;
  }

  /** A string field, quoted when it must be (or when it would read back as null). */
  text(s: string): string {
    if (this.quoteAll || this.needsQuote.test(s) || s === this.nullValue || NULL_LOOKALIKES.has(s)) {
      return this.quote + s.replace(this.escaped, this.quote + this.quote) + this.quote;
    }
    return s;
  }

  cells(column: Column): (row: number) => string {
    const nullValue = this.nullValue;
    const valid = (r: number): boolean => column.validity === null || (column.validity[r >>> 3] & (1 << (r & 7))) !== 0;
    if (column instanceof NumberColumn) {
      const values = column.values;
      if (column.dtype === 'date') return (r) => (valid(r) ? new Date(values[r] * 86_400_000).toISOString().slice(0, 10) : nullValue);
      return (r) => (valid(r) ? String(values[r]) : nullValue);
    }
    if (column instanceof BigIntColumn) {
      const values = column.values;
      if (column.dtype === 'timestamp') return (r) => (valid(r) ? new Date(Number(values[r] / 1000n)).toISOString() : nullValue);
      return (r) => (valid(r) ? String(values[r]) : nullValue);
    }
    if (column instanceof BoolColumn) return (r) => (valid(r) ? String(column.get(r)) : nullValue);
    if (column instanceof CategoricalColumn) {
      const dict = column.dictionary;
      let texts = this.dictionaries.get(dict);
      if (texts === undefined) {
        texts = [];
        this.dictionaries.set(dict, texts);
      }
      const cache = texts;
      const codes = column.codes;
      return (r) => {
        if (!valid(r)) return nullValue;
        const code = codes[r];
        return (cache[code] ??= this.text(dict.get(code)));
      };
    }
    const utf8: Utf8Column = column;
    return (r) => (valid(r) ? this.text(utf8Decoder.decode(utf8.bytesAt(r))) : nullValue);
  }
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
