import { col, DataFrame, lit, type Row, type Value } from '@df-stream/core';
import { writeCsv } from '@df-stream/io';
import { sql } from '@df-stream/sql';
import { makeTestDir, SeededRandom } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';

const test = makeTestDir('df-stream-sql');

/** Orders: duplicate and null customer ids, a categorical city, floats; customers: ids 0..7, one null. */
function tables(chunkSize?: number) {
  const rnd = new SeededRandom(17);
  const cities = ['Oslo', 'Rome', 'Lima', 'Kraków'];
  const orders = Array.from({ length: 300 }, (_, i) => ({
    id: i,
    cust: rnd.chance(0.1) ? null : rnd.int(10),
    city: cities[rnd.int(cities.length)],
    qty: rnd.int(20),
    price: Math.round(rnd.next() * 1000) / 10,
  }));
  const customers = Array.from({ length: 8 }, (_, i) => ({ cust: i === 7 ? null : i, name: `c${i}`, city: cities[i % 3] }));
  return {
    orders,
    customers,
    frames: {
      orders: DataFrame.fromRecords(orders, { chunkSize, dtypes: { city: 'categorical' } }),
      customers: DataFrame.fromRecords(customers, { chunkSize }),
    },
  };
}

async function rows(query: string, chunkSize?: number): Promise<Row[]> {
  return (await sql(query, { tables: tables(chunkSize).frames }).collect()).toRecords();
}

/** Rows as sorted JSON lines, where SQL gives no order. */
function bag(r: readonly Row[]): string[] {
  return r.map((x) => JSON.stringify(x)).sort();
}

function round(v: Value): Value {
  return typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v;
}

describe('sql() against a reference computed in the test', () => {
  it('WHERE, computed columns and names', async () => {
    const { orders } = tables();
    const got = await rows('SELECT id, qty * price AS revenue, upper(city) AS "City Name" FROM orders WHERE qty > 10 AND cust IS NOT NULL');
    const want = orders.filter((o) => o.qty > 10 && o.cust !== null).map((o) => ({ id: o.id, revenue: o.qty * o.price, 'City Name': o.city.toUpperCase() }));
    expect(got.map((r) => ({ ...r, revenue: round(r.revenue) }))).toEqual(want.map((r) => ({ ...r, revenue: round(r.revenue) })));
  });

  it('GROUP BY, HAVING on an aggregate not selected, ORDER BY an alias and LIMIT', async () => {
    const { orders } = tables();
    const got = await rows('SELECT city, count(*) AS n, sum(qty) AS q FROM orders GROUP BY city HAVING avg(price) > 0 ORDER BY q DESC, city LIMIT 3');
    const groups = new Map<string, { n: number; q: number }>();
    for (const o of orders) {
      const g = groups.get(o.city) ?? { n: 0, q: 0 };
      g.n++;
      g.q += o.qty;
      groups.set(o.city, g);
    }
    const want = [...groups]
      .map(([city, g]) => ({ city, n: g.n, q: g.q }))
      .sort((a, b) => b.q - a.q || (a.city < b.city ? -1 : 1))
      .slice(0, 3);
    expect(got).toEqual(want);
  });

  it('GROUP BY an expression and by position, an expression of keys in the select list', async () => {
    const { orders } = tables();
    const got = await rows('SELECT qty % 3 AS m, city, lower(city) AS lc, max(price) AS top FROM orders GROUP BY 1, city ORDER BY m, city');
    const groups = new Map<string, Row>();
    for (const o of orders) {
      const k = `${o.qty % 3}|${o.city}`;
      const g = groups.get(k) ?? { m: o.qty % 3, city: o.city, lc: o.city.toLowerCase(), top: o.price };
      g.top = Math.max(g.top as number, o.price);
      groups.set(k, g);
    }
    const want = [...groups.values()].sort((a, b) => (a.m as number) - (b.m as number) || (String(a.city) < String(b.city) ? -1 : 1));
    expect(got).toEqual(want);
  });

  it.each(['inner', 'left', 'right', 'full'] as const)('%s JOIN ... ON with qualified names: a side with no match is null', async (how) => {
    const { orders, customers } = tables();
    const got = await rows(
      `SELECT o.id, o.cust, c.cust AS ccust, c.name, o.city, c.city AS ccity FROM orders o ${how.toUpperCase()} JOIN customers c ON o.cust = c.cust`,
    );
    const want: Row[] = [];
    const matched = new Set<number>();
    for (const o of orders) {
      const matches = customers.filter((c) => o.cust !== null && c.cust !== null && c.cust === o.cust);
      for (const c of matches) {
        want.push({ id: o.id, cust: o.cust, ccust: c.cust, name: c.name, city: o.city, ccity: c.city });
        matched.add(customers.indexOf(c));
      }
      if (matches.length === 0 && (how === 'left' || how === 'full')) want.push({ id: o.id, cust: o.cust, ccust: null, name: null, city: o.city, ccity: null });
    }
    if (how === 'right' || how === 'full') {
      customers.forEach((c, i) => {
        if (!matched.has(i)) want.push({ id: null, cust: null, ccust: c.cust, name: c.name, city: null, ccity: c.city });
      });
    }
    expect(bag(got)).toEqual(bag(want));
  });

  it('JOIN ... USING gives the key once; SELECT * names a clashing column name_1', async () => {
    const { orders, customers } = tables();
    const got = await rows('SELECT * FROM orders JOIN customers USING (cust) WHERE qty < 5');
    const want: Row[] = [];
    for (const o of orders) {
      if (o.qty >= 5) continue;
      for (const c of customers) if (o.cust !== null && c.cust === o.cust) want.push({ ...o, name: c.name, city_1: c.city });
    }
    expect(bag(got)).toEqual(bag(want));
  });

  it('an inner join with a condition besides the equality, and a WHERE over both sides', async () => {
    const { orders, customers } = tables();
    const got = await rows('SELECT o.id, c.name FROM orders AS o JOIN customers AS c ON c.cust = o.cust AND o.qty > c.cust WHERE c.city <> o.city');
    const want: Row[] = [];
    for (const o of orders) {
      for (const c of customers) {
        if (o.cust !== null && c.cust === o.cust && o.qty > c.cust && c.city !== o.city) want.push({ id: o.id, name: c.name });
      }
    }
    expect(bag(got)).toEqual(bag(want));
  });

  it('UNION ALL matches columns by position; UNION removes duplicates', async () => {
    const { orders } = tables();
    const all = await rows('SELECT city, qty FROM orders WHERE qty < 2 UNION ALL SELECT city AS c, qty + 100 FROM orders WHERE qty > 18');
    const want = [
      ...orders.filter((o) => o.qty < 2).map((o) => ({ city: o.city, qty: o.qty })),
      ...orders.filter((o) => o.qty > 18).map((o) => ({ city: o.city, qty: o.qty + 100 })),
    ];
    expect(bag(all)).toEqual(bag(want));
    const distinct = await rows('SELECT city FROM orders UNION SELECT city FROM customers ORDER BY city');
    expect(distinct).toEqual([...new Set([...orders.map((o) => o.city)])].sort().map((city) => ({ city })));
  });

  it('WITH, a subquery in FROM, DISTINCT and ORDER BY an expression not selected', async () => {
    const { orders } = tables();
    const got = await rows(
      'WITH big AS (SELECT * FROM orders WHERE qty >= 15) SELECT id, city FROM (SELECT id, city, price FROM big) AS t ORDER BY price * -1, id LIMIT 5',
    );
    const want = orders
      .filter((o) => o.qty >= 15)
      .sort((a, b) => b.price - a.price || a.id - b.id)
      .slice(0, 5)
      .map((o) => ({ id: o.id, city: o.city }));
    expect(got).toEqual(want);
    const cities = await rows('SELECT DISTINCT city FROM orders ORDER BY 1 DESC');
    expect(cities).toEqual(
      [...new Set(orders.map((o) => o.city))]
        .sort()
        .reverse()
        .map((city) => ({ city })),
    );
  });

  it('a file named in FROM, read by its content, and the same answer at every chunk size', async () => {
    const { frames } = tables();
    const path = test.path('orders-data');
    await writeCsv(frames.orders, path);
    const query = (from: string) => `SELECT city, count(*) AS n FROM ${from} WHERE price > 50 GROUP BY city ORDER BY city`;
    const fromFile = (await sql(query(`'${path}'`)).collect()).toRecords();
    expect(fromFile).toEqual(await rows(query('orders')));
    for (const size of [1, 7, 64]) expect(await rows(query('orders'), size)).toEqual(fromFile);
  });
});

describe('sql() edge cases, as DuckDB answers them', () => {
  it.each<[string, Row[]]>([
    ['SELECT count(*) AS n FROM orders', [{ n: 300 }]],
    ['SELECT count(*) AS n, sum(qty) AS s, min(city) AS m FROM orders WHERE qty > 100', [{ n: 0, s: null, m: null }]],
    ["SELECT 1 + 2 AS three, 'x' AS s", [{ three: 3, s: 'x' }]],
    ['SELECT 7 AS seven FROM customers WHERE cust < 2', [{ seven: 7 }, { seven: 7 }]],
    ["SELECT c.*, 1 AS one FROM customers AS c WHERE name = 'c0'", [{ cust: 0, name: 'c0', city: 'Oslo', one: 1 }]],
    ['SELECT name FROM customers ORDER BY cust DESC NULLS FIRST LIMIT 2', [{ name: 'c7' }, { name: 'c6' }]],
  ])('%s', async (query, want) => {
    for (const size of [1, 7, undefined]) expect(await rows(query, size)).toEqual(want);
  });
});

describe('sql() is the method API', () => {
  it('lowers to the same plan', async () => {
    const { frames } = tables();
    const viaSql = sql('SELECT city, qty * 2 AS q2 FROM orders WHERE price > 10', { tables: { orders: frames.orders } });
    await viaSql.schema();
    const orders = frames.orders;
    const viaMethods = (await import('@df-stream/core')).LazyFrame.fromFrame(orders)
      .filter(col('price').gt(lit(10)))
      .select(col('city'), col('qty').mul(2).as('q2'));
    expect(viaSql.explain()).toBe(viaMethods.explain());
    expect((await viaSql.collect()).toRecords()).toEqual((await viaMethods.collect()).toRecords());
  });
});

describe('sql() errors', () => {
  const cases: [string, RegExp][] = [
    ['SELECT city FROM orders WHERE', /syntax error at column \d+: .*ends too early|syntax error/],
    ['SELECT citty FROM orders', /column 'citty' not found/],
    ['SELECT city FROM orders o JOIN customers c ON o.cust = c.cust', /column 'city' is ambiguous/],
    ['SELECT id FROM orders LIMIT 5 OFFSET 2', /not supported: OFFSET/],
    ['SELECT id FROM orders WHERE sum(qty) > 1', /aggregates are not allowed in WHERE/],
    ['SELECT city, qty FROM orders GROUP BY city', /column 'qty' must appear in GROUP BY/],
    ['SELECT * FROM nowhere', /unknown table 'nowhere'/],
    ['SELECT * FROM orders o JOIN customers c ON o.city = c.cust', /join keys cannot match: left 'city' is categorical, right 'cust_1' is int8/],
    ['SELECT city FROM orders INTERSECT SELECT city FROM customers', /not supported|syntax error/],
    ['DELETE FROM orders', /not supported: DELETE/],
  ];
  it.each(cases)('%s', async (query, message) => {
    const { frames } = tables();
    const run = async () => sql(query, { tables: frames }).collect();
    const error = await run().then(
      () => undefined,
      (e: unknown) => e as Error & { kind?: string },
    );
    expect(error?.message).toMatch(message);
    expect(error?.kind).toBe('usage');
  });

  it('shows the query with a caret under the spot', () => {
    expect(() => sql('SELECT city FROM orders WHERE qty > > 2')).toThrow(
      /sql: syntax error at column 37: unexpected '>'\n {2}SELECT city FROM orders WHERE qty > > 2\n {38}\^/,
    );
  });
});
