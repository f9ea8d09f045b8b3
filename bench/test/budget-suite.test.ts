import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { budgetBaseId, budgetFlag, budgetText, parseBudget } from '../src/queries/budget-sizes.js';
import { findQuery } from '../src/queries/queries.js';
import { csvFileTotals } from '../src/run/csv-file-totals.js';
import { lastBudgetEvent } from '../src/run/last-budget-event.js';
import { selectQueries } from '../src/run/select-queries.js';
import { findSuite } from '../src/run/suites.js';

/** The budget suite's plumbing (issue 20): sizes, which cases a run picks, and what the runner reads back. */

const testDir = makeTestDir('df-stream-bench-budget');

function suite(name: string) {
  const s = findSuite(name);
  if (!s) throw new Error(`no suite ${name}`);
  return s;
}

describe('budget sizes', () => {
  it('writes and reads the decimal sizes the CLI and DuckDB take', () => {
    expect([256e6, 512e6, 1e9].map(budgetFlag)).toEqual(['256MB', '512MB', '1GB']);
    expect(budgetText(1e9)).toBe('1 GB');
    expect(['256MB', '1gb', '512e6'].map(parseBudget)).toEqual([256e6, 1e9, 512e6]);
    // Binary units would be other byte counts than the CLI's `256MB`.
    expect(() => parseBudget('256MiB')).toThrow(/--budgets/);
    expect(budgetBaseId('q10-256mb', 256e6)).toBe('q10');
    expect(budgetBaseId('q10', 256e6)).toBe('q10');
  });
});

describe('selectQueries', () => {
  const budget = suite('budget');

  it('runs q10 at 1e7 rows and q3 at 1e8 rows, each under every budget', () => {
    expect(selectQueries(budget, 1e7, undefined, undefined)).toEqual(['q10-256mb', 'q10-512mb', 'q10-1gb']);
    expect(selectQueries(budget, 1e8, undefined, undefined)).toEqual(['q3-256mb', 'q3-512mb', 'q3-1gb']);
    expect(findQuery('q3-512mb')).toMatchObject({ kind: 'groupby', keys: ['id3'], memoryLimit: 512e6 });
  });

  it('takes base ids and full ids in --queries, and a subset of the budgets', () => {
    expect(selectQueries(budget, 1e7, 'q10', '256MB')).toEqual(['q10-256mb']);
    expect(selectQueries(budget, 1e8, 'q3,q10-1gb', '1GB')).toEqual(['q3-1gb', 'q10-1gb']);
    expect(() => selectQueries(budget, 1e7, 'q7', undefined)).toThrow(/no query q7/);
    expect(() => selectQueries(budget, 1e7, undefined, '300MB')).toThrow(/no budget 300MB/);
  });

  it('leaves the other suites as they were', () => {
    expect(selectQueries(suite('join'), 1e6, 'j5', undefined)).toEqual(['j5']);
    expect(selectQueries(suite('join'), 1e6, undefined, '256MB')).toEqual(['j5-256mb']);
    expect(() => selectQueries(suite('groupby'), 1e7, undefined, '256MB')).toThrow(/no budgeted queries/);
  });
});

describe('what the runner reads back', () => {
  it("takes the budget fields of the CLI's last progress event, past a cut first line", () => {
    const stderr = [
      'ows":1,"groups":1}',
      '{"type":"progress","rows":10,"budget":256000000,"floor":100,"peakRss":200,"spilledBytes":0}',
      '{"type":"progress","rows":20,"budget":256000000,"floor":100,"peakRss":300,"spilledBytes":42}',
      '',
    ].join('\n');
    expect(lastBudgetEvent(stderr)).toEqual({ budget: 256e6, floor: 100, peakRss: 300, spilledBytes: 42 });
    expect(lastBudgetEvent('{"type":"progress","rows":20}\n')).toBeUndefined();
    expect(lastBudgetEvent('Error: out of memory\n')).toBeUndefined();
  });

  it("totals a CLI result file, q10's count column matched by name", () => {
    const file = testDir.write('q10.csv', 'id1,id2,id3,id4,id5,id6,v3_sum,count\nid001,id002,id0000000003,4,5,6,1.5,2\nid001,id002,id0000000004,4,5,6,2.25,1\n');
    expect(csvFileTotals(findQuery('q10-256mb'), file)).toEqual({ rows: 2, totals: { v3_sum: 3.75, count: 3 } });
  });
});
