import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { EngineResult } from '../engines/engine-protocol.js';
import { measureNames, type Query } from '../queries/query-spec.js';

/**
 * Row count and measure totals of a CSV result the CLI printed (to a file: q10's is ~650 MB). Measure columns are
 * matched by name, else by position. Read in blocks, one line at a time: the file may be past the longest string
 * V8 makes, and the runner should not hold it.
 */
export function csvFileTotals(query: Query, file: string): Omit<EngineResult, 'queryMs'> {
  const keys = query.kind === 'groupby' ? query.keys : [];
  const wanted = measureNames(query);
  let measureCols: { name: string; index: number }[] | undefined;
  let sums: number[] = [];
  let rows = 0;
  const line = (text: string): void => {
    if (text.trim() === '') return;
    const fields = text.split(',');
    if (measureCols === undefined) {
      const header = fields.map((h) => h.trim().replace(/^"|"$/g, ''));
      const measures = header.map((h, index) => ({ h, index })).filter(({ h }) => !keys.includes(h));
      measureCols = measures.map(({ h, index }, position) => ({
        name: wanted.includes(h) ? h : measures.length === wanted.length ? wanted[position] : h,
        index,
      }));
      sums = measureCols.map(() => 0);
      return;
    }
    rows++;
    for (let i = 0; i < measureCols.length; i++) {
      const value = fields[measureCols[i].index];
      if (value !== undefined && value !== '') sums[i] += Number(value);
    }
  };
  const fd = fs.openSync(file, 'r');
  const block = Buffer.alloc(1 << 24);
  // A character cut by a block's end is completed by the next block.
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for (let n = fs.readSync(fd, block); n > 0; n = fs.readSync(fd, block)) {
      const lines = (rest + decoder.write(block.subarray(0, n))).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) line(l);
    }
    line(rest + decoder.end());
  } finally {
    fs.closeSync(fd);
  }
  const totals: Record<string, number> = {};
  (measureCols ?? []).forEach(({ name }, i) => (totals[name] = sums[i]));
  return { rows, totals };
}
