import { col, DataFrame, type DType, type Expr, lit, type Value, when } from '@df-stream/core';
import { SeededRandom } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';

/**
 * Every numeric, comparison, logic and null function against a plain JS reference, row by row, on generated
 * columns of each dtype with nulls, NaN, infinities and int64 past 2^53, over several chunk sizes.
 */
const N = 300;
const rnd = new SeededRandom(16);
const BIG = 2n ** 60n;

function gen<T>(f: () => T, nulls = 0.1): (T | null)[] {
  return Array.from({ length: N }, () => (rnd.chance(nulls) ? null : f()));
}

const data = {
  i8: gen(() => rnd.int(256) - 128),
  i32: gen(() => rnd.int(2 ** 32) - 2 ** 31),
  u16: gen(() => rnd.int(65536)),
  zero: gen(() => rnd.int(3) - 1),
  big: gen(() => (rnd.chance(0.5) ? BIG + BigInt(rnd.int(1000)) : -BIG - BigInt(rnd.int(1000)))),
  f: gen(() => rnd.pick([0, -0, 1.5, -2.25, NaN, Infinity, -Infinity, rnd.next() * 1e6 - 5e5])),
  s: gen(() => rnd.pick(['', 'a', 'B', 'é', '日本', 'ab', 'a😀', 'Z'])),
  b: gen(() => rnd.chance(0.5)),
  b2: gen(() => rnd.chance(0.5)),
};
const DTYPES: Record<string, DType> = { i8: 'int8', i32: 'int32', u16: 'uint16', zero: 'int8', big: 'int64', f: 'float64', s: 'utf8', b: 'bool', b2: 'bool' };

function frame(chunkSize?: number, cat = false): DataFrame {
  return DataFrame.fromColumns(data, { dtypes: { ...DTYPES, s: cat ? 'categorical' : 'utf8' }, chunkSize });
}

function run(e: Expr, chunkSize?: number, cat = false): Value[] {
  return frame(chunkSize, cat).select(e.as('r')).toColumns().r;
}

type V = number | bigint | string | boolean | null;
const num = (v: V): number => (typeof v === 'bigint' ? Number(v) : (v as number));

/** int64 past 2^53 comes back as bigint, smaller as number: what the public API returns. */
function intValue(b: bigint): V {
  if (b > 2n ** 63n - 1n || b < -(2n ** 63n)) return Number(b);
  return b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

function exact(a: V, b: V, op: (x: bigint, y: bigint) => bigint): V {
  return intValue(op(BigInt(a as number | bigint), BigInt(b as number | bigint)));
}

/** Compares as the API returns: NaN equal to NaN, -0 equal to 0. */
function same(got: Value[], want: V[]): void {
  expect(got.length).toBe(want.length);
  const norm = (v: V): V => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v === 0 ? 0 : v);
  expect(got.map((v) => norm(v as V))).toEqual(want.map(norm));
}

function rows(...cols: (keyof typeof data)[]): V[][] {
  return Array.from({ length: N }, (_, i) => cols.map((c) => data[c][i] as V));
}

const ints = ['i8', 'i32', 'u16', 'big'] as const;

describe('arithmetic', () => {
  const cases: [string, (a: Expr, b: Expr) => Expr, (x: bigint, y: bigint) => bigint, (x: number, y: number) => number][] = [
    ['add', (a, b) => a.add(b), (x, y) => x + y, (x, y) => x + y],
    ['sub', (a, b) => a.sub(b), (x, y) => x - y, (x, y) => x - y],
    ['mul', (a, b) => a.mul(b), (x, y) => x * y, (x, y) => x * y],
  ];
  for (const [name, build, big, float] of cases) {
    for (const a of ints) {
      for (const b of [...ints, 'f'] as const) {
        it(`${name}(${a}, ${b}) is exact for integers (int64, float64 past it) and IEEE with a float`, () => {
          const floats = b === 'f';
          let want = rows(a, b).map(([x, y]) => (x === null || y === null ? null : !floats ? exact(x, y, big) : float(num(x), num(y))));
          // A result past int64 makes the column float64 (the frame's chunks unify to it): every row a double.
          if (want.some((v) => typeof v === 'number' && !Number.isSafeInteger(v) && Number.isFinite(v) && !floats)) want = want.map((v) => (v === null ? null : num(v)));
          for (const size of [1, 7, undefined]) same(run(build(col(a), col(b)), size), want);
        });
      }
    }
  }

  it('divide is float64 true division, null by zero between integers, IEEE with a float; modulo by zero is null for integers, NaN for floats', () => {
    same(
      run(col('i32').div(col('zero'))),
      rows('i32', 'zero').map(([x, y]) => (x === null || y === null || y === 0 ? null : num(x) / num(y))),
    );
    same(
      run(col('f').div(col('zero'))),
      rows('f', 'zero').map(([x, y]) => (x === null || y === null ? null : num(x) / num(y))),
    );
    same(
      run(col('i32').mod(col('zero')), 7),
      rows('i32', 'zero').map(([x, y]) => (x === null || y === null || y === 0 ? null : num(x) % num(y))),
    );
    same(
      run(col('f').mod(col('zero'))),
      rows('f', 'zero').map(([x, y]) => (x === null || y === null ? null : num(x) % num(y))),
    );
    same(
      run(col('big').mod(lit(7))),
      rows('big').map(([x]) => (x === null ? null : exact(x, 7, (p, q) => p % q))),
    );
  });

  it('negate, pow, abs keep integers exact', () => {
    same(
      run(col('big').neg()),
      rows('big').map(([x]) => (x === null ? null : intValue(-BigInt(x as bigint)))),
    );
    same(
      run(col('i32').abs()),
      rows('i32').map(([x]) => (x === null ? null : Math.abs(num(x)))),
    );
    same(
      run(col('i8').pow(2)),
      rows('i8').map(([x]) => (x === null ? null : num(x) ** 2)),
    );
  });

  it('promotes past int64 to float64 instead of wrapping', () => {
    const df = DataFrame.fromColumns({ a: [2n ** 62n, 1n] }, { dtypes: { a: 'int64' } });
    const out = df.select(col('a').mul(4).as('r'));
    expect(out.schema.field('r').dtype).toBe('float64');
    expect(out.toColumns().r).toEqual([2 ** 64, 4]);
    expect(df.select(col('a').mul(1).as('r')).toColumns().r).toEqual([2n ** 62n, 1]);
  });
});

describe('math', () => {
  const unary: [string, (e: Expr) => Expr, (x: number) => number][] = [
    ['sqrt', (e) => e.sqrt(), Math.sqrt],
    ['log', (e) => e.log(), Math.log],
    ['exp', (e) => e.exp(), Math.exp],
    ['floor', (e) => e.floor(), Math.floor],
    ['ceil', (e) => e.ceil(), Math.ceil],
    ['round', (e) => e.round(), (x) => Math.sign(x) * Math.round(Math.abs(x))],
    ['round(2)', (e) => e.round(2), (x) => (Math.sign(x) * Math.round(Math.abs(x) * 100)) / 100],
  ];
  for (const [name, build, f] of unary) {
    for (const c of ['f', 'i32'] as const) {
      it(`${name}(${c})`, () =>
        same(
          run(build(col(c)), 7),
          rows(c).map(([x]) => (x === null ? null : f(num(x)))),
        ));
    }
  }
});

describe('comparisons', () => {
  const ops: [string, (a: Expr, b: Expr | Value) => Expr, (s: number) => boolean][] = [
    ['eq', (a, b) => a.eq(b), (s) => s === 0],
    // IEEE, as Polars: NaN is unequal to everything.
    ['neq', (a, b) => a.neq(b), (s) => s !== 0],
    ['lt', (a, b) => a.lt(b), (s) => s < 0],
    ['le', (a, b) => a.le(b), (s) => s <= 0],
    ['gt', (a, b) => a.gt(b), (s) => s > 0],
    ['ge', (a, b) => a.ge(b), (s) => s >= 0],
  ];
  const sign = (x: V, y: V): number => {
    if (typeof x === 'string') {
      const a = Buffer.from(x);
      const b = Buffer.from(y as string);
      return Buffer.compare(a, b);
    }
    if (typeof x === 'bigint' || typeof y === 'bigint') {
      const a = BigInt(x as bigint);
      const b = BigInt(y as bigint);
      return a < b ? -1 : a > b ? 1 : 0;
    }
    const a = num(x);
    const b = num(y);
    return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  };
  for (const [name, build, test] of ops) {
    for (const [a, b] of [
      ['i8', 'i32'],
      ['big', 'i32'],
      ['f', 'i8'],
      ['s', 's'],
      ['b', 'b2'],
    ] as const) {
      it(`${name}(${a}, ${b}) and against a literal, utf8 and categorical alike`, () => {
        const want = rows(a, b).map(([x, y]) => (x === null || y === null ? null : test(sign(x, y))));
        same(run(build(col(a), col(b)), 7), want);
        same(run(build(col(a), col(b)), undefined, true), want);
      });
    }
    it(`${name} of text against a literal, byte order (non-ASCII after ASCII)`, () => {
      for (const l of ['a', 'é', '']) {
        const want = rows('s').map(([x]) => (x === null ? null : test(sign(x, l))));
        same(run(build(col('s'), l), 7), want);
        same(run(build(col('s'), l), 7, true), want);
      }
    });
  }

  it('a string compared with a number is a type error before any data is read, naming the expression', () => {
    expect(() => frame().filter(col('s').gt(col('i8')))).toThrow(/cannot compare utf8 with int8 in gt\(\): s > i8/);
    expect(() => frame().filter(col('nope').gt(1))).toThrow(/column 'nope' not found/);
  });
});

describe('logic and nulls', () => {
  const and3 = (x: V, y: V): V => (x === false || y === false ? false : x === null || y === null ? null : true);
  const or3 = (x: V, y: V): V => (x === true || y === true ? true : x === null || y === null ? null : false);

  it('and / or are three-valued, not is null-propagating', () => {
    for (const size of [1, 7, undefined]) {
      same(
        run(col('b').and(col('b2')), size),
        rows('b', 'b2').map(([x, y]) => and3(x, y)),
      );
      same(
        run(col('b').or(col('b2')), size),
        rows('b', 'b2').map(([x, y]) => or3(x, y)),
      );
      same(
        run(col('b').not(), size),
        rows('b').map(([x]) => (x === null ? null : !x)),
      );
      same(
        run(col('b').and(lit(null)), size),
        rows('b').map(([x]) => and3(x, null)),
      );
    }
  });

  it('isNull, isNotNull, fillNull, coalesce, isIn, between', () => {
    same(
      run(col('i8').isNull()),
      rows('i8').map(([x]) => x === null),
    );
    same(
      run(col('s').isNotNull(), 7, true),
      rows('s').map(([x]) => x !== null),
    );
    same(
      run(col('i8').fillNull(0)),
      rows('i8').map(([x]) => x ?? 0),
    );
    same(
      run(col('i8').coalesce(col('i32'), lit(-1)), 7),
      rows('i8', 'i32').map(([x, y]) => x ?? y ?? -1),
    );
    same(
      run(col('s').fillNull('?'), 7, true),
      rows('s').map(([x]) => x ?? '?'),
    );
    for (const cat of [false, true]) {
      // A null in the list makes a miss null (SQL), so NOT IN with a null keeps nothing.
      same(
        run(col('s').isIn(['a', 'é', null]), 7, cat),
        rows('s').map(([x]) => (x === null ? null : x === 'a' || x === 'é' ? true : null)),
      );
      same(
        run(col('s').isIn(['a', 'é']), 7, cat),
        rows('s').map(([x]) => (x === null ? null : x === 'a' || x === 'é')),
      );
    }
    same(
      run(col('i8').between(-10, 10)),
      rows('i8').map(([x]) => (x === null ? null : num(x) >= -10 && num(x) <= 10)),
    );
    same(
      run(col('big').isIn([BIG + 5n])),
      rows('big').map(([x]) => (x === null ? null : x === BIG + 5n)),
    );
  });

  it('when/then/otherwise picks the first true branch; null conditions count as false', () => {
    const e = when(col('i8').gt(0)).then(lit('pos')).when(col('i8').lt(0)).then(col('s')).otherwise('zero');
    for (const cat of [false, true]) {
      same(
        run(e, 7, cat),
        rows('i8', 's').map(([x, s]) => (x !== null && num(x) > 0 ? 'pos' : x !== null && num(x) < 0 ? s : 'zero')),
      );
    }
    same(
      run(when(col('b')).then(col('i32'))),
      rows('b', 'i32').map(([b, x]) => (b === true ? x : null)),
    );
  });
});

describe('cast', () => {
  it('numbers to text and back, floats to ints truncating, out of range null', () => {
    same(
      run(col('i32').cast('utf8').cast('int32'), 7),
      rows('i32').map(([x]) => x),
    );
    same(
      run(col('f').cast('int16')),
      rows('f').map(([x]) => {
        if (x === null) return null;
        const t = Math.trunc(num(x));
        return t >= -32768 && t <= 32767 ? t : null;
      }),
    );
    same(
      run(lit('2024-02-29').cast('date').cast('utf8')),
      Array.from({ length: N }, () => '2024-02-29'),
    );
    same(
      run(col('s').cast('float64'), 7, true),
      rows('s').map(([x]) => (x === null || x === '' || Number.isNaN(Number(x)) ? null : Number(x))),
    );
  });
});
