import fs from 'node:fs';
import { parse } from 'csv-parse';
import type { GroupbyQuery, ReadQuery } from '../queries/query-spec.js';
import { runEngine, type EngineArgs } from './engine-protocol.js';
import { totalsOfRows, writeRowsCsv, type Row } from './row-table.js';

type Record_ = Record<string, string>;

/**
 * The way most Node code does it today: csv-parse streaming records as objects, a Map from key to running
 * aggregates, one thread. This is the baseline the typed-array design is meant to beat by an order of magnitude.
 */
await runEngine(async (args: EngineArgs) => {
  if (args.format !== 'csv') throw new Error('csv-parse reads CSV only');
  const delimiter = args.query.dataset === 'cities' ? ';' : ',';
  const records = fs.createReadStream(args.file, { highWaterMark: 1 << 20 }).pipe(parse({ columns: true, delimiter }));
  const rows = args.query.kind === 'read' ? await readTotals(args.query, records) : await groupBy(args.query, records);
  if (args.out) writeRowsCsv(args.out, args.query, rows);
  return totalsOfRows(args.query, rows);
});

async function readTotals(query: ReadQuery, records: AsyncIterable<Record_>): Promise<Row[]> {
  const row: Row = { rows: 0 };
  for (const c of query.stringColumns) row[`${c}_len`] = 0;
  for (const c of query.numericColumns) row[`${c}_sum`] = 0;
  let count = 0;
  for await (const record of records) {
    count++;
    for (const c of query.stringColumns) (row[`${c}_len`] as number) += record[c].length;
    for (const c of query.numericColumns) if (record[c] !== '') (row[`${c}_sum`] as number) += Number(record[c]);
  }
  row.rows = count;
  return [row];
}

/** Per group: [count(*), then per measure: sum, non-null count, min, max]. */
async function groupBy(query: GroupbyQuery, records: AsyncIterable<Record_>): Promise<Row[]> {
  const { keys, measures } = query;
  const groups = new Map<string, { keyValues: string[]; state: Float64Array }>();
  const width = 1 + 4 * measures.length;
  for await (const record of records) {
    const keyValues = keys.map((k) => record[k]);
    const key = keyValues.length === 1 ? keyValues[0] : keyValues.join('\u0000');
    let group = groups.get(key);
    if (!group) {
      const state = new Float64Array(width);
      for (let i = 0; i < measures.length; i++) {
        state[3 + 4 * i] = Infinity;
        state[4 + 4 * i] = -Infinity;
      }
      group = { keyValues, state };
      groups.set(key, group);
    }
    const state = group.state;
    state[0]++;
    for (let i = 0; i < measures.length; i++) {
      const text = record[measures[i].column];
      if (text === '') continue;
      const value = Number(text);
      const at = 1 + 4 * i;
      state[at] += value;
      state[at + 1]++;
      if (value < state[at + 2]) state[at + 2] = value;
      if (value > state[at + 3]) state[at + 3] = value;
    }
  }
  const rows: Row[] = [];
  for (const { keyValues, state } of groups.values()) {
    const row: Row = {};
    keys.forEach((k, i) => (row[k] = keyValues[i] === '' ? null : keyValues[i]));
    measures.forEach((m, i) => {
      const at = 1 + 4 * i;
      const n = state[at + 1];
      if (m.fn === 'count') row[m.name] = state[0];
      else if (n === 0) row[m.name] = null;
      else if (m.fn === 'sum') row[m.name] = state[at];
      else if (m.fn === 'mean') row[m.name] = state[at] / n;
      else if (m.fn === 'min') row[m.name] = state[at + 2];
      else row[m.name] = state[at + 3];
    });
    rows.push(row);
  }
  return rows;
}
