import fs from 'node:fs';
import { parse } from 'csv-parse';
import type { GroupbyQuery, ReadQuery } from '../queries/query-spec.js';
import { type EngineArgs, runEngine } from './engine-protocol.js';
import { type Row, totalsOfRows, writeRowsCsv } from './row-table.js';

type Record_ = Record<string, string>;

/**
 * The way most Node code does it today: csv-parse streaming records as objects, a Map from key to running
 * aggregates, one thread. This is the baseline the typed-array design is meant to beat by an order of magnitude.
 */
await runEngine(async (args: EngineArgs) => {
  if (args.format !== 'csv') throw new Error('csv-parse reads CSV only');
  if (args.query.kind === 'etl' || args.query.kind === 'join') throw new Error('csv-parse runs the group-by and read queries only');
  const delimiter = args.query.dataset === 'cities' ? ';' : ',';
  const consumer = args.query.kind === 'read' ? readTotals(args.query) : groupBy(args.query);
  // 'data' events rather than `for await`: an async iterator costs a promise per record, which would be
  // charged to csv-parse although it is the consumer's choice.
  await new Promise<void>((resolve, reject) => {
    const input = fs.createReadStream(args.file, { highWaterMark: 1 << 20 }).on('error', reject);
    input
      .pipe(parse({ columns: true, delimiter }))
      .on('data', consumer.add)
      .on('end', resolve)
      .on('error', reject);
  });
  const rows = consumer.finish();
  if (args.out) writeRowsCsv(args.out, args.query, rows);
  return totalsOfRows(args.query, rows);
});

interface Consumer {
  add: (record: Record_) => void;
  finish: () => Row[];
}

function readTotals(query: ReadQuery): Consumer {
  const lengths = query.stringColumns.map(() => 0);
  const sums = query.numericColumns.map(() => 0);
  let count = 0;
  return {
    add(record) {
      count++;
      query.stringColumns.forEach((c, i) => (lengths[i] += record[c].length));
      query.numericColumns.forEach((c, i) => {
        if (record[c] !== '') sums[i] += Number(record[c]);
      });
    },
    finish() {
      const row: Row = { rows: count };
      query.stringColumns.forEach((c, i) => (row[`${c}_len`] = lengths[i]));
      query.numericColumns.forEach((c, i) => (row[`${c}_sum`] = sums[i]));
      return [row];
    },
  };
}

/** Per group: [count(*), then per measure: sum, non-null count, min, max]. */
function groupBy(query: GroupbyQuery): Consumer {
  const { keys, measures } = query;
  const groups = new Map<string, { keyValues: string[]; state: Float64Array }>();
  const width = 1 + 4 * measures.length;
  const add = (record: Record_): void => {
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
  };
  return { add, finish: () => groupRows(query, groups) };
}

function groupRows(query: GroupbyQuery, groups: Map<string, { keyValues: string[]; state: Float64Array }>): Row[] {
  const { keys, measures } = query;
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
