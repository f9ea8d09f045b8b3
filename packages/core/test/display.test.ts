import { inspect } from 'node:util';
import { col, count, DataFrame, formatBytes, LazyFrame, type ScanSource, Schema } from '@df-stream/core';
import { INSPECT_CUSTOM, JUPYTER_DISPLAY, type MimeBundle } from '@df-stream/core/internal';
import { describe, expect, it } from 'vitest';

const display = (x: { [JUPYTER_DISPLAY](): MimeBundle | Promise<MimeBundle> }) => x[JUPYTER_DISPLAY]();

/** The text of every `<td>` of an HTML table, row by row (tags inside a cell dropped, entities kept). */
function cells(html: string): string[][] {
  return [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((row) => [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '')));
}

describe('rich display (Jupyter) and inspect (REPL)', () => {
  it("a frame's HTML is pandas-like: row numbers, dtype under each name, numbers right, nulls apart, everything escaped", () => {
    const df = DataFrame.fromRecords([
      { n: 1, s: '<script>alert(1)</script>', when: new Date(Date.UTC(2024, 0, 2)) },
      { n: null, s: 'a & b "q"', when: null },
    ]);
    const bundle = display(df) as MimeBundle;
    expect(bundle['text/plain']).toBe(df.toString());
    const html = bundle['text/html'] as string;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a &amp; b &quot;q&quot;');
    expect(html).toMatch(/<th class="dfs-num">n<span class="dfs-dtype">int8<\/span><\/th>/);
    expect(html).toContain('<span class="dfs-dtype">timestamp</span>');
    expect(cells(html).filter((r) => r.length > 0)).toEqual([
      ['0', '1', '&lt;script&gt;alert(1)&lt;/script&gt;', '2024-01-02T00:00:00.000Z'],
      ['1', 'null', 'a &amp; b &quot;q&quot;', 'null'],
    ]);
    expect(html.match(/<td class="[^"]*dfs-null[^"]*">null<\/td>/g)).toHaveLength(2);
    expect(html).toContain('2 rows × 3 columns');
  });

  it('a long frame shows its first and last 5 rows around an ellipsis row, numbered as in the frame', () => {
    const df = DataFrame.fromColumns({ i: Array.from({ length: 1000 }, (_, k) => k * 3) });
    const rows = cells(display(df)['text/html' as never] as unknown as string).filter((r) => r.length > 0);
    expect(rows.map((r) => r[0])).toEqual(['0', '1', '2', '3', '4', '…', '995', '996', '997', '998', '999']);
    expect(rows.map((r) => r[1])).toEqual(['0', '3', '6', '9', '12', '…', '2985', '2988', '2991', '2994', '2997']);
  });

  it('memoryUsage and info draw one bar pair per column, with the bytes and decisions of their tables', () => {
    const df = DataFrame.fromColumns({ qty: Array.from({ length: 5000 }, (_, i) => i % 9), city: Array.from({ length: 5000 }, (_, i) => ['Oslo', 'Lima'][i % 2]) });
    for (const report of [df.memoryUsage({ deep: true }), df.info()]) {
      const bundle = display(report) as MimeBundle;
      expect(bundle['text/plain']).toBe(report.toString());
      const html = bundle['text/html'] as string;
      const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>') + 6);
      // A legend swatch each, then two bars a column.
      expect(svg.match(/<rect /g)).toHaveLength(2 + 2 * 2);
      expect(svg).toContain('downcast from int64 to int8');
      expect(svg).toContain('categorical: 2 distinct');
      expect(html).toMatch(/<td>qty<\/td><td>int8<\/td>/);
    }
    const usage = df.memoryUsage({ deep: true });
    // Deep: a categorical column's bytes include its dictionary, in the table and the chart alike.
    const city = usage.column('city');
    const deepHtml = display(usage)['text/html' as never] as unknown as string;
    expect(city !== undefined && city.dictionaryBytes > 0).toBe(true);
    expect(deepHtml).toContain(
      `<td>city</td><td>categorical</td><td>categorical: 2 distinct, ${formatBytes(city?.dictionaryBytes ?? 0)} dictionary</td><td class="dfs-num">${formatBytes(city?.total ?? 0)}</td>`,
    );
    expect(usage.column('qty')?.plainJsBytes).toBeGreaterThan(usage.column('qty')?.total ?? Infinity);
    expect(usage.column('qty')?.decision).toBe('downcast from int64 to int8');
  });

  it('a lazy frame shows its plan and schema without reading anything', async () => {
    const source: ScanSource = {
      description: 'events.csv',
      schema: async () =>
        new Schema([
          { name: 'city', dtype: 'categorical' },
          { name: 'temp', dtype: 'float64' },
        ]),
      scan: () => {
        throw new Error('the display must not read');
      },
    };
    const lf = LazyFrame.fromSource(source)
      .filter(
        col('temp')
          .gt(25)
          .and(col('city').isIn(["O'Hare", 'Lima'])),
      )
      .groupBy('city')
      .agg(count())
      .limit(5);
    expect(lf.explain()).toBe(
      ['LIMIT 5', '  AGGREGATE BY city: count() AS count', "    FILTER temp > 25 AND city IN ('O''Hare', 'Lima')", '      SCAN events.csv'].join('\n'),
    );
    const bundle = await display(lf);
    expect(bundle['text/plain']).toContain('AGGREGATE BY city');
    expect(bundle['text/html']).toContain('<td>count</td><td>int64</td>');
    expect(bundle['text/html']).toContain('O&#39;&#39;Hare');
  });

  it('the REPL and console.log print the text forms', () => {
    const df = DataFrame.fromRecords([{ a: 1 }]);
    expect(inspect(df)).toBe(df.toString());
    expect(inspect(df.info())).toBe(df.info().toString());
    expect(inspect(df.memoryUsage())).toBe(df.memoryUsage().toString());
    expect(inspect(df.schema)).toBe('Schema {\n  a: int8\n}');
    expect(typeof df[INSPECT_CUSTOM]).toBe('function');
  });
});
