import fs from 'node:fs';
import path from 'node:path';
import { makeTestDir } from '@df-stream/test-utils';
import { DuckDBInstance } from '@duckdb/node-api';
import * as dfStream from 'df-stream';
import pl from 'nodejs-polars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totalsOfColumns } from '../src/engines/row-table.js';
import { generateCitiesCsv } from '../src/generate/cities-csv.js';
import { generateGroupbyCsv } from '../src/generate/groupby-csv.js';
import type { DfLazyFrame, DfStreamApi } from '../src/queries/etl-apis.js';
import { etlQueries } from '../src/queries/etl-queries.js';
import type { EtlQuery } from '../src/queries/query-spec.js';

/**
 * The ETL suite's formulations (etl-queries.ts) on small generated files: df-stream's (threads 1 and 2), DuckDB's
 * SQL and Polars' plan give the same result, group by group, as a plain JS reference. The bench itself compares
 * only row counts and column totals; here every group is compared. id2 is upper-cased on every third row so that
 * `lower(id2)` has groups to merge, and the cities file has .5 ties and negative temperatures for `round`.
 */

const { dir } = makeTestDir('df-stream-bench-etl');
const groupbyFile = path.join(dir, 'groupby.csv');
const citiesFile = path.join(dir, 'cities.csv');
let duck: Awaited<ReturnType<DuckDBInstance['connect']>>;

/** A result as key text -> value columns, so engines that order groups differently compare equal. */
type Groups = Map<string, number[]>;

beforeAll(async () => {
  await generateGroupbyCsv({ path: groupbyFile, rows: 3000, k: 10, seed: 5 });
  const lines = fs.readFileSync(groupbyFile, 'latin1').trimEnd().split('\n');
  const mixed = lines.map((line, i) => {
    if (i === 0 || i % 3 !== 0) return line;
    const f = line.split(',');
    f[1] = f[1].toUpperCase();
    return f.join(',');
  });
  fs.writeFileSync(groupbyFile, `${mixed.join('\n')}\n`);
  await generateCitiesCsv({ path: citiesFile, rows: 3000, seed: 5 });
  duck = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
});

afterAll(() => duck?.closeSync());

const fileOf = (q: EtlQuery) => (q.dataset === 'cities' ? citiesFile : groupbyFile);
const valueNames = (q: EtlQuery) => [...new Set(q.checks.flatMap((c) => c.of))].filter((n) => !q.keys.includes(n));

function groupsOf(q: EtlQuery, rows: Record<string, unknown>[]): Groups {
  const out: Groups = new Map();
  for (const row of rows) {
    const key = q.keys.map((k) => String(typeof row[k] === 'number' && Object.is(row[k], -0) ? 0 : row[k])).join('|');
    expect(out.has(key), `${q.id}: group ${key} twice`).toBe(false);
    out.set(
      key,
      valueNames(q).map((n) => Number(row[n])),
    );
  }
  return out;
}

const textColumns = new Set(['id1', 'id2', 'id3', 'city']);

/** The queries computed row by row from the file's text. */
function reference(q: EtlQuery): Groups {
  const [header, ...lines] = fs.readFileSync(fileOf(q), 'utf8').trimEnd().split('\n');
  const names = header.split(q.dataset === 'cities' ? ';' : ',');
  const rows = lines.map((line) => {
    const f = line.split(q.dataset === 'cities' ? ';' : ',');
    return Object.fromEntries(names.map((n, i) => [n, textColumns.has(n) ? f[i] : Number(f[i])]));
  });
  const groups = new Map<string, number[]>();
  const add = (key: unknown, update: (acc: number[] | undefined) => number[]) => {
    const k = String(key);
    groups.set(k, update(groups.get(k)));
  };
  for (const r of rows) {
    const v1 = r.v1 as number;
    const v2 = r.v2 as number;
    if (q.id === 'e1') add(r.id1, (a) => [(a?.[0] ?? 0) + v1 * (r.v3 as number)]);
    else if (q.id === 'e2') v1 > v2 && add(r.id1, (a) => [(a?.[0] ?? 0) + v1]);
    else if (q.id === 'e3') add((r.id2 as string).toLowerCase(), (a) => [(a?.[0] ?? 0) + v1]);
    else if (q.id === 'e4') add(r.id3, (a) => [Math.max(a?.[0] ?? -Infinity, v1), Math.min(a?.[1] ?? Infinity, v2)]);
    else if (q.id === 'e5') {
      const t = r.temp as number;
      // Half away from zero, as DuckDB and df-stream round (and Polars is asked to); -0 is the same group as 0.
      const rounded = Math.sign(t) * Math.round(Math.abs(t)) || 0;
      add(rounded, (a) => [(a?.[0] ?? 0) + 1]);
    } else throw new Error(`no reference for ${q.id}`);
  }
  if (q.id === 'e4') for (const [k, [max, min]] of groups) groups.set(k, [max - min]);
  return groups;
}

function expectSameGroups(actual: Groups, expected: Groups, label: string): void {
  expect([...actual.keys()].sort(), label).toEqual([...expected.keys()].sort());
  for (const [key, values] of expected) {
    const got = actual.get(key) ?? [];
    values.forEach((v, i) => {
      if (Number.isInteger(v)) expect(got[i], `${label}, group ${key}`).toBe(v);
      else expect(got[i], `${label}, group ${key}`).toBeCloseTo(v, 6);
    });
  }
}

describe('the etl suite: every engine formulation against a plain JS reference', () => {
  it('has the five queries of issue 16, e5 on the cities file', () => {
    expect(etlQueries.map((q) => q.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(etlQueries.filter((q) => q.dataset === 'cities').map((q) => q.id)).toEqual(['e5']);
  });

  for (const q of etlQueries) {
    describe(`${q.id} ${q.title}`, () => {
      for (const threads of [1, 2]) {
        it(`df-stream, ${threads} thread(s)`, async () => {
          const frame = dfStream.scanCsv(fileOf(q)) as unknown as DfLazyFrame;
          const df = (await q.dfStream(dfStream as unknown as DfStreamApi, frame, threads).collect()) as dfStream.DataFrame;
          const rows = df.toRecords();
          expectSameGroups(groupsOf(q, rows), reference(q), `${q.id} df-stream`);
          // The bench's checksum of the same result agrees with the reference's, t * n included.
          const totals = totalsOfColumns(q, (name) => rows.map((r) => r[name]), rows.length).totals;
          const ref = [...reference(q).entries()];
          if (q.id === 'e5') expect(totals.t_x_n).toBe(ref.reduce((s, [t, [n]]) => s + Number(t) * n, 0));
        });
      }

      it('DuckDB SQL', async () => {
        const sql = q.sql.replaceAll('{from}', `read_csv('${fileOf(q)}')`);
        const rows = (await duck.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
        expectSameGroups(groupsOf(q, rows), reference(q), `${q.id} duckdb`);
      });

      it('Polars lazy plan', () => {
        const frame = pl.scanCSV(fileOf(q), { sep: q.dataset === 'cities' ? ';' : ',' });
        const rows = q.polars(pl, frame).collectSync().toRecords() as Record<string, unknown>[];
        expectSameGroups(groupsOf(q, rows), reference(q), `${q.id} polars`);
      });
    });
  }
});
