import type { GroupbyQuery, ReadQuery } from '../queries/query-spec.js';
import { ByteKeyTable } from './byte-key-table.js';
import { type EngineArgs, runEngine } from './engine-protocol.js';
import { readLineBlocks } from './read-line-blocks.js';
import { type Row, totalsOfRows, writeRowsCsv } from './row-table.js';

/**
 * The floor for a JS engine: one thread, fs.readSync into a reused buffer, and a byte loop that touches only the
 * fields the query needs (a field past the middle of the line is found by scanning back from its end). Keys are
 * hashed from bytes, numbers parsed from bytes. It assumes an unquoted file, as the generated ones are; it is a
 * yardstick, not a CSV reader.
 */
interface Kernel {
  onBlock(buf: Buffer, start: number, end: number): void;
  finish(): Row[];
}

// Bounds of the last field found, kept in module variables so the hot loop allocates nothing.
let fieldStart = 0;
let fieldEnd = 0;

/** Finds field `index` of the line [start, end) with `count` fields, scanning from whichever end is nearer. */
function findField(buf: Buffer, start: number, end: number, index: number, count: number, delimiter: number): void {
  if (index * 2 < count) {
    let p = start;
    for (let skip = index; skip > 0; p++) if (buf[p] === delimiter) skip--;
    fieldStart = p;
    while (p < end && buf[p] !== delimiter) p++;
    fieldEnd = p;
  } else {
    let p = end;
    for (let skip = count - 1 - index; skip > 0; p--) if (buf[p - 1] === delimiter) skip--;
    fieldEnd = p;
    while (p > start && buf[p - 1] !== delimiter) p--;
    fieldStart = p;
  }
}

/** Parses a decimal number such as `-12.5` or `42` from bytes; the caller handles empty fields (nulls). */
function parseNumber(buf: Buffer, start: number, end: number): number {
  let p = start;
  let negative = false;
  if (buf[p] === 45) {
    negative = true;
    p++;
  }
  let whole = 0;
  while (p < end && buf[p] !== 46) whole = whole * 10 + buf[p++] - 48;
  let value = whole;
  if (p < end) {
    p++;
    let fraction = 0;
    let scale = 1;
    while (p < end) {
      fraction = fraction * 10 + buf[p++] - 48;
      scale *= 10;
    }
    value += fraction / scale;
  }
  return negative ? -value : value;
}

function lineEnd(buf: Buffer, from: number, end: number): number {
  let newline = buf.indexOf(10, from);
  if (newline < 0 || newline > end) newline = end;
  return newline;
}

function columnIndex(columns: string[], name: string): number {
  const index = columns.indexOf(name);
  if (index < 0) throw new Error(`no column ${name} in header ${columns.join(',')}`);
  return index;
}

function readKernel(query: ReadQuery, columns: string[], delimiter: number): Kernel {
  const count = columns.length;
  const stringIdx = query.stringColumns.map((c) => columnIndex(columns, c));
  const numericIdx = query.numericColumns.map((c) => columnIndex(columns, c));
  const lengths = new Float64Array(stringIdx.length);
  const sums = new Float64Array(numericIdx.length);
  let rows = 0;
  return {
    onBlock(buf, start, end) {
      let p = start;
      while (p < end) {
        const newline = lineEnd(buf, p, end);
        const stop = newline > p && buf[newline - 1] === 13 ? newline - 1 : newline;
        if (stop > p) {
          rows++;
          for (let i = 0; i < stringIdx.length; i++) {
            findField(buf, p, stop, stringIdx[i], count, delimiter);
            lengths[i] += fieldEnd - fieldStart;
          }
          for (let i = 0; i < numericIdx.length; i++) {
            findField(buf, p, stop, numericIdx[i], count, delimiter);
            if (fieldEnd > fieldStart) sums[i] += parseNumber(buf, fieldStart, fieldEnd);
          }
        }
        p = newline + 1;
      }
    },
    finish() {
      const row: Row = { rows };
      query.stringColumns.forEach((c, i) => (row[`${c}_len`] = lengths[i]));
      query.numericColumns.forEach((c, i) => (row[`${c}_sum`] = sums[i]));
      return [row];
    },
  };
}

/** One key column and measures over one value column: q1 (sum v1 by id1) and city (count/min/mean/max temp). */
function groupKernel(query: GroupbyQuery, columns: string[], delimiter: number): Kernel {
  const valueColumns = new Set(query.measures.map((m) => m.column));
  if (query.keys.length !== 1 || valueColumns.size !== 1 || query.derived) {
    throw new Error(`plain-loop handles one key and one value column; ${query.id} is not such a query`);
  }
  const count = columns.length;
  const keyIdx = columnIndex(columns, query.keys[0]);
  const valueIdx = columnIndex(columns, [...valueColumns][0]);
  const table = new ByteKeyTable();
  let rows = new Float64Array(1024);
  let nonNull = new Float64Array(1024);
  let sums = new Float64Array(1024);
  let mins = new Float64Array(1024).fill(Infinity);
  let maxs = new Float64Array(1024).fill(-Infinity);
  return {
    onBlock(buf, start, end) {
      let p = start;
      while (p < end) {
        const newline = lineEnd(buf, p, end);
        const stop = newline > p && buf[newline - 1] === 13 ? newline - 1 : newline;
        if (stop > p) {
          findField(buf, p, stop, keyIdx, count, delimiter);
          const id = table.idOf(buf, fieldStart, fieldEnd);
          if (id === rows.length) {
            rows = grow(rows, 0);
            nonNull = grow(nonNull, 0);
            sums = grow(sums, 0);
            mins = grow(mins, Infinity);
            maxs = grow(maxs, -Infinity);
          }
          rows[id]++;
          findField(buf, p, stop, valueIdx, count, delimiter);
          if (fieldEnd > fieldStart) {
            const value = parseNumber(buf, fieldStart, fieldEnd);
            nonNull[id]++;
            sums[id] += value;
            if (value < mins[id]) mins[id] = value;
            if (value > maxs[id]) maxs[id] = value;
          }
        }
        p = newline + 1;
      }
    },
    finish() {
      const out: Row[] = [];
      for (let id = 0; id < table.size; id++) {
        const key = table.key(id);
        const row: Row = { [query.keys[0]]: key === '' ? null : key };
        for (const m of query.measures) {
          const n = nonNull[id];
          if (m.fn === 'count') row[m.name] = rows[id];
          else if (n === 0) row[m.name] = null;
          else if (m.fn === 'sum') row[m.name] = sums[id];
          else if (m.fn === 'mean') row[m.name] = sums[id] / n;
          else if (m.fn === 'min') row[m.name] = mins[id];
          else row[m.name] = maxs[id];
        }
        out.push(row);
      }
      return out;
    },
  };
}

function grow(array: Float64Array, fill: number): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(array.length * 2).fill(fill);
  bigger.set(array);
  return bigger;
}

// Last, so that the module-level state above is initialised before the top-level await runs the query.
await runEngine(async (args: EngineArgs) => {
  if (args.format !== 'csv') throw new Error('plain-loop reads CSV only');
  const query = args.query;
  if (query.kind === 'etl' || query.kind === 'join') throw new Error('plain-loop runs the group-by and read queries only');
  const delimiter = query.dataset === 'cities' ? 59 : 44;
  let columns: string[] | undefined;
  let handler: ((buf: Buffer, start: number, end: number) => void) | undefined;
  let finish: (() => Row[]) | undefined;
  readLineBlocks(args.file, (buf, start, end) => {
    if (!columns) {
      const headerEnd = buf.indexOf(10, start);
      const stop = headerEnd < 0 || headerEnd >= end ? end : headerEnd;
      columns = buf.toString('utf8', start, stop).replace(/\r$/, '').split(String.fromCharCode(delimiter));
      const kernel = query.kind === 'read' ? readKernel(query, columns, delimiter) : groupKernel(query, columns, delimiter);
      handler = kernel.onBlock;
      finish = kernel.finish;
      start = stop + 1;
    }
    (handler as (buf: Buffer, start: number, end: number) => void)(buf, start, end);
  });
  const rows = finish ? finish() : [];
  if (args.out) writeRowsCsv(args.out, query, rows);
  return totalsOfRows(query, rows);
});
