import { type ExprNode, hasAggregate, hasScalarFunction, registerScalarFunction, type Value } from '@df-stream/core';
import { SqlError } from '@df-stream/sql';
import { parseNamedExpr, parseSqlExpr, SQL_AGGREGATES, splitTopLevel } from '@df-stream/sql/internal';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { reportError } from '../src/report-error.js';

const col = (name: string): ExprNode => ({ op: 'col', name });
const lit = (value: Value): ExprNode => ({ op: 'lit', value });
const call = (fn: string, ...args: ExprNode[]): ExprNode => ({ op: 'call', fn, args });
const agg = (fn: string, arg: ExprNode | null): ExprNode => ({ op: 'agg', fn, arg });
const [a, b, c, x] = ['a', 'b', 'c', 'x'].map(col);

const parse = (text: string) => parseSqlExpr(text, '--filter');

/** The message of the SqlError that parsing `text` throws (its hint after ` | hint: `). */
function failure(text: string, flag = '--filter'): string {
  try {
    parseSqlExpr(text, flag);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    const { message, hint } = e as SqlError;
    return hint === undefined ? message : `${message} | hint: ${hint}`;
  }
  throw new Error(`'${text}' parsed`);
}

// `||` lowers to concat only where a concat function is registered: the tests give it one when none is.
if (!hasScalarFunction('concat')) {
  registerScalarFunction({
    name: 'concat',
    arity: [2, Number.POSITIVE_INFINITY],
    type: () => 'utf8',
    kernel: () => {
      throw new Error('not run');
    },
  });
}

describe('parseSqlExpr: operators', () => {
  it.each<[string, ExprNode]>([
    ['a + b', call('add', a, b)],
    ['a - b', call('subtract', a, b)],
    ['a * b', call('multiply', a, b)],
    ['a / b', call('divide', a, b)],
    ['a % b', call('mod', a, b)],
    ['-a', call('negate', a)],
    ['+a', a],
    ['a = b', call('eq', a, b)],
    ['a == b', call('eq', a, b)],
    ['a <> b', call('neq', a, b)],
    ['a != b', call('neq', a, b)],
    ['a < b', call('lt', a, b)],
    ['a <= b', call('le', a, b)],
    ['a > b', call('gt', a, b)],
    ['a >= b', call('ge', a, b)],
    ['a and b', call('and', a, b)],
    ['a OR b', call('or', a, b)],
    ['not a', call('not', a)],
    ['a is null', call('is_null', a)],
    ['a IS NOT NULL', call('is_not_null', a)],
    ['a is true', call('coalesce', a, lit(false))],
    ['a is not true', call('coalesce', call('not', a), lit(true))],
    ['a is false', call('coalesce', call('not', a), lit(false))],
    ['a is not false', call('coalesce', a, lit(true))],
    ["x in (1, 2, 'z')", call('is_in', x, lit(1), lit(2), lit('z'))],
    ['x in (a + 1)', call('is_in', x, call('add', a, lit(1)))],
    ['x not in (1)', call('not', call('is_in', x, lit(1)))],
    ['x between a and 2', call('and', call('ge', x, a), call('le', x, lit(2)))],
    ['x not between 1 and 2', call('not', call('and', call('ge', x, lit(1)), call('le', x, lit(2))))],
    ["x like 'a%'", call('like', x, lit('a%'))],
    ["x not like 'a%'", call('not', call('like', x, lit('a%')))],
    ["x ilike 'A_'", call('ilike', x, lit('A_'))],
    ["x not ilike 'A_'", call('not', call('ilike', x, lit('A_')))],
    ["a || 'x'", call('concat', a, lit('x'))],
  ])('%s', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it('|| is an error when no concat function is registered', async () => {
    vi.resetModules();
    vi.doMock('@df-stream/core', async (importOriginal) => {
      const core = await importOriginal<typeof import('@df-stream/core')>();
      return { ...core, hasScalarFunction: (name: string) => name !== 'concat' && core.hasScalarFunction(name) };
    });
    const fresh = await import('@df-stream/sql/internal');
    expect(() => fresh.parseSqlExpr('a || b', '--with')).toThrow("--with: not supported: the operator '||'\n  a || b\n    ^");
    vi.doUnmock('@df-stream/core');
  });
});

describe('parseSqlExpr: precedence, as in DuckDB', () => {
  it.each<[string, ExprNode]>([
    ['a + b * c', call('add', a, call('multiply', b, c))],
    ['(a + b) * c', call('multiply', call('add', a, b), c)],
    ['a - b - c', call('subtract', call('subtract', a, b), c)],
    ['a - (b - c)', call('subtract', a, call('subtract', b, c))],
    ['not a = 1 and b', call('and', call('not', call('eq', a, lit(1))), b)],
    // The grammar alone reads `not (a) = b` as a function `not` called on a, then compared with b.
    ['not (a) = b', call('not', call('eq', a, b))],
    ['not (a or b) * c', call('not', call('multiply', call('or', a, b), c))],
    ['not (a) is null', call('not', call('is_null', a))],
    ['not(a) and b', call('and', call('not', a), b)],
    // The grammar alone gets these wrong (AND and OR as one level; || as tight as *).
    ['a and b or c', call('or', call('and', a, b), c)],
    ['a or b and c', call('or', a, call('and', b, c))],
    ['a = 1 or b = 2 and c = 3', call('or', call('eq', a, lit(1)), call('and', call('eq', b, lit(2)), call('eq', c, lit(3))))],
    ['(a or b) and c', call('and', call('or', a, b), c)],
    ['case when a or b and c then 1 end', call('case_when', call('or', a, call('and', b, c)), lit(1))],
    ['coalesce(a or b and c)', call('coalesce', call('or', a, call('and', b, c)))],
    ['a || b + c', call('concat', a, call('add', b, c))],
    ['a * b || c', call('concat', call('multiply', a, b), c)],
    ['-a * b', call('multiply', call('negate', a), b)],
    ['-x::int', call('negate', call('cast', x, lit('int32')))],
    ['a + b between 1 and 2 or c', call('or', call('and', call('ge', call('add', a, b), lit(1)), call('le', call('add', a, b), lit(2))), c)],
    ['not x in (1) or a is null and b', call('or', call('not', call('is_in', x, lit(1))), call('and', call('is_null', a), b))],
  ])('%s', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it('random trees printed with the fewest parentheses parse back to themselves', () => {
    fc.assert(
      fc.property(tree(), (t) => {
        expect(parse(print(t, 0))).toEqual(expected(t));
      }),
      { numRuns: Number(process.env.SQL_EXPR_RUNS ?? 300) },
    );
  });
});

describe('parseSqlExpr: literals and names', () => {
  it.each<[string, Value]>([
    ['42', 42],
    ['-42', -42],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['2.5E-3', 0.0025],
    ['00012', 12],
    ['9007199254740991', 9007199254740991],
    ['9007199254740993', 9007199254740993n],
    ['-9007199254740993', -9007199254740993n],
    ['- 9223372036854775808', -9223372036854775808n],
    ['99999999999999999999', 1e20],
    ["'text'", 'text'],
    ["''", ''],
    ["'it''s'", "it's"],
    // Backslashes are plain characters in DuckDB strings (the PostgreSQL grammar would read \n and \t).
    ["'a\\nb\\t\\d+'", 'a\\nb\\t\\d+'],
    ["'C:\\dir\\'", 'C:\\dir\\'],
    ["'ünïcødé ✓'", 'ünïcødé ✓'],
    ["'a -- not a comment'", 'a -- not a comment'],
    ['true', true],
    ['FALSE', false],
    ['null', null],
  ])('%s', (text, value) => {
    expect(parse(text)).toEqual(lit(value));
  });

  it('typed literals are casts of their text', () => {
    expect(parse("date '2024-01-01'")).toEqual(call('cast', lit('2024-01-01'), lit('date')));
    expect(parse("timestamp '2024-01-01 10:00:00'")).toEqual(call('cast', lit('2024-01-01 10:00:00'), lit('timestamp')));
  });

  it('names: unquoted as written, quoted keep case and spaces, "" is a quote, any letters', () => {
    expect(parse('Price')).toEqual(col('Price'));
    expect(parse('"My Col" + "x"')).toEqual(call('add', col('My Col'), col('x')));
    expect(parse('"say ""hi"""')).toEqual(col('say "hi"'));
    expect(parse('"select"')).toEqual(col('select'));
    expect(parse('цена > température')).toEqual(call('gt', col('цена'), col('température')));
    expect(parse('date > year')).toEqual(call('gt', col('date'), col('year')));
    expect(parse('a /* a comment */ + b -- another')).toEqual(call('add', a, b));
  });
});

describe('parseSqlExpr: casts', () => {
  it.each<[string, string]>([
    ['double', 'float64'],
    ['float8', 'float64'],
    ['double precision', 'float64'],
    ['real', 'float32'],
    ['float4', 'float32'],
    ['float', 'float32'],
    ['bigint', 'int64'],
    ['int8', 'int64'],
    ['integer', 'int32'],
    ['int', 'int32'],
    ['int4', 'int32'],
    ['smallint', 'int16'],
    ['int2', 'int16'],
    ['tinyint', 'int8'],
    ['utinyint', 'uint8'],
    ['varchar', 'utf8'],
    ['varchar(10)', 'utf8'],
    ['text', 'utf8'],
    ['string', 'utf8'],
    ['char', 'utf8'],
    ['utf8', 'utf8'],
    ['boolean', 'bool'],
    ['bool', 'bool'],
    ['date', 'date'],
    ['timestamp', 'timestamp'],
    ['float64', 'float64'],
    ['int64', 'int64'],
  ])('%s is %s', (type, dtype) => {
    expect(parse(`cast(x as ${type})`)).toEqual(call('cast', x, lit(dtype)));
    expect(parse(`x::${type.toUpperCase()}`)).toEqual(call('cast', x, lit(dtype)));
  });

  it('chains and nests, in any spelling', () => {
    const intThenText = call('cast', call('cast', x, lit('int32')), lit('utf8'));
    expect(parse('x::int::text')).toEqual(intThenText);
    expect(parse('cast(x as int)::text')).toEqual(intThenText);
    expect(parse('(x)::int :: text')).toEqual(intThenText);
    expect(parse('cast(cast(x as int) as text)')).toEqual(intThenText);
    expect(parse('try_cast(x as int)::text')).toEqual(intThenText);
    expect(parse('cast((a) + 1 as double) > 2.5')).toEqual(call('gt', call('cast', call('add', a, lit(1)), lit('float64')), lit(2.5)));
    expect(parse("'2024-01-01'::date")).toEqual(call('cast', lit('2024-01-01'), lit('date')));
  });

  it('an unknown type is a usage error pointing at it', () => {
    expect(failure('x::blob + 1')).toBe(
      "--filter: unknown type 'blob'\n  x::blob + 1\n     ^ | hint: types: boolean, tinyint, smallint, integer, bigint, float, double, varchar, date, timestamp (or a dtype: int64, float64, utf8, ...)",
    );
    expect(failure('cast(x as decimal(10, 2))')).toBe("--filter: unknown type 'decimal'\n  cast(x as decimal(10, 2))\n            ^ | hint: cast to double instead");
    expect(failure('x::timestamp with time zone')).toMatch(/^--filter: unknown type 'timestamp with time zone'\n/);
    expect(failure('x::int[]')).toBe('--filter: not supported: array types\n  x::int[]\n        ^');
  });
});

describe('parseSqlExpr: functions', () => {
  it('resolve through the registry, aliases to the registered name', () => {
    expect(parse('lower(trim(city))')).toEqual(call('lower', call('trim', col('city'))));
    expect(parse('LCASE(city)')).toEqual(call('lower', col('city')));
    expect(parse("date_trunc('month', day)")).toEqual(call('date_trunc', lit('month'), col('day')));
    expect(parse('substring(s, 1, 3)')).toEqual(call('substr', col('s'), lit(1), lit(3)));
    expect(parse('round(v3, 2) + abs(v1)')).toEqual(call('add', call('round', col('v3'), lit(2)), call('abs', col('v1'))));
    expect(parse('coalesce(a, b, 0)')).toEqual(call('coalesce', a, b, lit(0)));
    expect(parse('ifnull(a, 0)')).toEqual(call('coalesce', a, lit(0)));
    expect(parse('"lower"(x)')).toEqual(call('lower', x));
    expect(parse('extract(year from day)')).toEqual(call('year', col('day')));
  });

  it('an unknown function names the closest ones; a wrong argument count says what it takes', () => {
    expect(failure('v1 + lowr(city)')).toBe("--filter: unknown function 'lowr'\n  v1 + lowr(city)\n       ^ | hint: did you mean 'lower'?");
    expect(failure('fooo(x)')).toMatch(/^--filter: unknown function 'fooo'\n {2}fooo\(x\)\n {2}\^ \| hint: functions: abs, .*lower, .*year$/);
    expect(failure('fooo(x)')).not.toMatch(/\beq\b|negate|case_when/);
    expect(failure("string_agg(x, ',')")).toMatch(/^--filter: unknown function 'string_agg'\n {2}string_agg\(x, ','\)\n {2}\^ \| hint: functions: abs, /);
    expect(failure('a + abs(x, 1)')).toBe('--filter: abs() takes 1 argument, got 2\n  a + abs(x, 1)\n      ^');
  });
});

describe('parseSqlExpr: aggregates', () => {
  it.each<[string, ExprNode]>([
    ['count(*)', agg('count', null)],
    ['count()', agg('count', null)],
    ['count(v3)', agg('count_non_null', col('v3'))],
    ['count(distinct id1)', agg('n_unique', col('id1'))],
    ['sum(v1 * v3)', agg('sum', call('multiply', col('v1'), col('v3')))],
    ['min(x)', agg('min', x)],
    ['MAX(x)', agg('max', x)],
    ['avg(x)', agg('mean', x)],
    ['mean(x)', agg('mean', x)],
    ['median(x)', agg('median', x)],
    ['stddev(x)', agg('std', x)],
    ['stddev_samp(x)', agg('std', x)],
    ['std(x)', agg('std', x)],
    ['variance(x)', agg('var', x)],
    ['var_samp(x)', agg('var', x)],
    ['var(x)', agg('var', x)],
    ['first(x)', agg('first', x)],
    ['last(x)', agg('last', x)],
    ['approx_count_distinct(x)', agg('approx_n_unique', x)],
    ['quantile_cont(x, 0.9)', { op: 'agg', fn: 'quantile', arg: x, options: { q: 0.9 } }],
    ['quantile_cont(x, 0)', { op: 'agg', fn: 'quantile', arg: x, options: { q: 0 } }],
    ['max(v1) - min(v2)', call('subtract', agg('max', col('v1')), agg('min', col('v2')))],
    ['sum(v1) / count(*)', call('divide', agg('sum', col('v1')), agg('count', null))],
  ])('%s', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it('every SQL aggregate name lowers to a registered aggregate', () => {
    for (const fn of [...Object.values(SQL_AGGREGATES), 'count', 'count_non_null', 'n_unique']) expect(hasAggregate(fn), fn).toBe(true);
  });

  it('refuses nesting, DISTINCT other than in count, windows, FILTER and a q that is not a constant in [0, 1]', () => {
    expect(failure('sum(max(x))')).toBe('--filter: not supported: an aggregate inside an aggregate (max(...))\n  sum(max(x))\n      ^');
    expect(failure('sum(x) over (partition by y)')).toBe('--filter: not supported: window functions (OVER)\n  sum(x) over (partition by y)\n         ^');
    expect(failure('median(x) over ()')).toBe('--filter: not supported: window functions (OVER)\n  median(x) over ()\n            ^');
    expect(failure('max(x) filter (where y > 1)')).toBe('--filter: not supported: FILTER (WHERE ...) on an aggregate\n  max(x) filter (where y > 1)\n         ^');
    expect(failure('quantile_cont(x, 2)')).toBe(
      '--filter: quantile_cont() needs a constant quantile between 0 and 1 as its second argument\n  quantile_cont(x, 2)\n  ^ | hint: e.g. quantile_cont(x, 0.9)',
    );
    expect(failure('quantile_cont(x, a)')).toMatch(/^--filter: quantile_cont\(\) needs a constant quantile/);
    // DuckDB's quantile is the discrete one, which we do not have: refused, not read as quantile_cont.
    expect(failure('quantile(x, 0.5)')).toMatch(/^--filter: unknown function 'quantile'/);
    expect(failure('median(x, 1)')).toBe('--filter: median() takes 1 argument, got 2\n  median(x, 1)\n  ^');
    expect(failure('min(distinct x)')).toMatch(/^--filter: syntax error at column 14: unexpected 'x'\n/);
  });
});

describe('parseSqlExpr: case', () => {
  it('searched and simple forms, with and without else', () => {
    expect(parse("case when a > 1 then 'big' when a > 0 then 'small' else 'none' end")).toEqual(
      call('case_when', call('gt', a, lit(1)), lit('big'), call('gt', a, lit(0)), lit('small'), lit('none')),
    );
    expect(parse('case when a then 1 end')).toEqual(call('case_when', a, lit(1)));
    expect(parse("case x when 1 then 'one' when 2 then 'two' else 'many' end")).toEqual(
      call('case_when', call('eq', x, lit(1)), lit('one'), call('eq', x, lit(2)), lit('two'), lit('many')),
    );
  });
});

describe('parseSqlExpr: errors', () => {
  it('a syntax error shows the expression with a caret under the position', () => {
    const hint = ` | hint: expressions are SQL as in DuckDB: 'text' in single quotes, "My Col" for a name with spaces`;
    expect(failure('v1 > > 2')).toBe(`--filter: syntax error at column 6: unexpected '>'\n  v1 > > 2\n       ^${hint}`);
    expect(failure('v1 >')).toBe(`--filter: syntax error at column 5: the expression ends too early\n  v1 >\n      ^${hint}`);
    expect(failure('lower(x')).toBe(`--filter: syntax error at column 8: the expression ends too early\n  lower(x\n         ^ | hint: the '(' at column 6 is not closed`);
    expect(failure('a + b)')).toBe(`--filter: syntax error at column 6: unexpected ')'\n  a + b)\n       ^${hint}`);
    expect(failure('a b')).toBe(`--filter: syntax error at column 3: unexpected 'b'\n  a b\n    ^${hint}`);
    expect(failure("id1 = 'id001' and v1 >< 2")).toBe(
      `--filter: syntax error at column 23: unexpected '<'\n  id1 = 'id001' and v1 >< 2\n                        ^${hint}`,
    );
    expect(failure("x = 'abc")).toBe(`--filter: syntax error at column 5: unclosed string\n  x = 'abc\n      ^ | hint: close it with ' (a ' inside is written '')`);
    expect(failure('"abc = 1')).toBe(`--filter: syntax error at column 1: unclosed quoted name\n  "abc = 1\n  ^ | hint: close it with " (a " inside is written "")`);
    expect(failure('x as y')).toMatch(/^--filter: syntax error at column 3: unexpected 'as'\n {2}x as y\n {4}\^ \| hint: AS only goes in cast/);
    expect(failure('a, b')).toBe(`--filter: syntax error at column 2: unexpected ','\n  a, b\n   ^ | hint: give one expression`);
    expect(failure('a; drop table t')).toBe(`--filter: syntax error at column 2: unexpected ';'\n  a; drop table t\n   ^ | hint: give one expression per flag`);
    expect(failure('v1 group by id1')).toBe(`--filter: syntax error at column 4: unexpected GROUP BY\n  v1 group by id1\n     ^${hint}`);
    expect(failure('v1 order by id1')).toMatch(/^--filter: syntax error at column 4: unexpected ORDER BY\n/);
    expect(failure('   ')).toBe(`--filter: syntax error at column 1: an expression is expected\n     \n  ^${hint}`);
  });

  it('positions count from the start of the caret line in a multi-line expression; tabs stay tabs', () => {
    expect(failure('a > 1\nand b >\n  > 2')).toMatch(/^--filter: syntax error at line 3, column 3: unexpected '>'\n {4}> 2\n {4}\^/);
    expect(failure('\tv1 > > 2')).toMatch(/^--filter: syntax error at column 7: unexpected '>'\n {2}\tv1 > > 2\n {2}\t {5}\^/);
  });

  it('unsupported constructs are named, with a caret where the parser knows the spot', () => {
    expect(failure('x in (select a from t)')).toBe('--filter: not supported: subqueries\n  x in (select a from t)\n        ^');
    expect(failure('exists (select 1)')).toBe('--filter: not supported: subqueries\n  exists (select 1)\n          ^');
    expect(failure('*')).toBe("--filter: not supported: '*' outside count(*)\n  *\n  ^");
    expect(failure('sum(*)')).toBe("--filter: not supported: '*' outside count(*)\n  sum(*)\n      ^");
    expect(failure('t.a > 1')).toBe(`--filter: not supported: qualified names (t.a)\n  t.a > 1\n   ^ | hint: write "t.a" if that is the column's name`);
    expect(failure("x['k']")).toBe("--filter: not supported: indexing with [...]\n  x['k']\n   ^");
    expect(failure('x collate "C" = a')).toBe('--filter: not supported: COLLATE\n  x collate "C" = a\n    ^');
    expect(failure("x ~ 'a.*'")).toBe("--filter: not supported: the operator '~'\n  x ~ 'a.*'\n    ^ | hint: use regexp_matches(x, 'pattern')");
    expect(failure("interval '1 day' + d")).toBe("--filter: not supported: intervals\n  interval '1 day' + d\n  ^");
    expect(failure("x like 'a!%' escape '!'")).toBe("--filter: not supported: LIKE ... ESCAPE\n  x like 'a!%' escape '!'\n               ^");
    expect(failure('a is distinct from b')).toMatch(/^--filter: not supported: IS other than IS \[NOT\] NULL, TRUE or FALSE\n/);
    expect(failure("trim(both 'x' from y)")).toMatch(/^--filter: not supported: 'both' inside trim\(\)\n/);
    expect(failure('(a, b)')).toMatch(/^--filter: not supported: a list \(a, b\) outside IN \(\.\.\.\)\n/);
    expect(failure('$1 > a')).toMatch(/^--filter: not supported: parameters and variables/);
    expect(failure("E'\\n'")).toMatch(/^--filter: not supported: E'...' strings\n/);
    expect(failure('`x` > 1')).toBe('--filter: not supported: this kind of name\n  `x` > 1\n  ^ | hint: quote a name with "double quotes"');
  });

  it('reportError prints the headline, the expression, the caret and the hint, exit 2', () => {
    vi.stubEnv('NO_COLOR', '1');
    vi.stubEnv('DF_STREAM_DEBUG', '0');
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = reportError(catchError(() => parse('v1 > > 2')));
    } finally {
      spy.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(code).toBe(2);
    expect(writes.join('')).toBe(
      [
        "df-stream: error: --filter: syntax error at column 6: unexpected '>'",
        '  v1 > > 2',
        '       ^',
        `  hint: expressions are SQL as in DuckDB: 'text' in single quotes, "My Col" for a name with spaces`,
        '',
      ].join('\n'),
    );
  });
});

describe('parseNamedExpr', () => {
  const named = (text: string) => parseNamedExpr(text, '--with');

  it('takes a name before a single =', () => {
    expect(named('revenue = qty * price')).toEqual({ name: 'revenue', expr: call('multiply', col('qty'), col('price')) });
    expect(named('"my col" = 1')).toEqual({ name: 'my col', expr: lit(1) });
    expect(named('"Say ""hi"""=a')).toEqual({ name: 'Say "hi"', expr: a });
    expect(named("month = date_trunc('month', day)")).toEqual({ name: 'month', expr: call('date_trunc', lit('month'), col('day')) });
    expect(named('r = max(v1) - min(v2)')).toEqual({ name: 'r', expr: call('subtract', agg('max', col('v1')), agg('min', col('v2'))) });
    expect(named('date = cast(ts as date)')).toEqual({ name: 'date', expr: call('cast', col('ts'), lit('date')) });
    // The first single = names; what follows is the expression, where = and == compare.
    expect(named('x = a == b')).toEqual({ name: 'x', expr: call('eq', a, b) });
    expect(named('x = a = b')).toEqual({ name: 'x', expr: call('eq', a, b) });
    expect(named('a = b')).toEqual({ name: 'a', expr: b });
  });

  it('has no name without that =', () => {
    expect(named('a >= 1')).toEqual({ expr: call('ge', a, lit(1)) });
    expect(named('a <= 1')).toEqual({ expr: call('le', a, lit(1)) });
    expect(named('a != 1')).toEqual({ expr: call('neq', a, lit(1)) });
    expect(named('a == 1')).toEqual({ expr: call('eq', a, lit(1)) });
    expect(named('lower(a)')).toEqual({ expr: call('lower', a) });
    expect(named('a')).toEqual({ expr: a });
    expect(named("'a' = x")).toEqual({ expr: call('eq', lit('a'), x) });
    expect(named('1 = x')).toEqual({ expr: call('eq', lit(1), x) });
  });

  it('errors point into the whole flag value', () => {
    expect(() => named('x = v1 > > 2')).toThrow("--with: syntax error at column 10: unexpected '>'\n  x = v1 > > 2\n           ^");
    expect(() => named('x =')).toThrow('--with: syntax error at column 4: an expression is expected\n  x =\n     ^');
    expect(() => named('x = lowr(a)')).toThrow("--with: unknown function 'lowr'\n  x = lowr(a)\n      ^");
    expect(() => named('"" = 1')).toThrow('--with: an empty name');
  });
});

describe('splitTopLevel', () => {
  it.each<[string, string[]]>([
    ['a,b', ['a', 'b']],
    [' a , b ', ['a', 'b']],
    ['a', ['a']],
    ["month = date_trunc('month', day), region", ["month = date_trunc('month', day)", 'region']],
    ['a, \'x,y\', "c,d"', ['a', "'x,y'", '"c,d"']],
    ["'it''s, ok', b", ["'it''s, ok'", 'b']],
    ['f(a, g(b, c)), [1, 2], d', ['f(a, g(b, c))', '[1, 2]', 'd']],
    ['a,,b', ['a', '', 'b']],
    ['a,', ['a', '']],
    ['', ['']],
    ['f(a,b', ['f(a,b']],
  ])('%s', (text, pieces) => {
    expect(splitTopLevel(text)).toEqual(pieces);
  });

  it('takes another separator', () => {
    expect(splitTopLevel("a; f(b; c); 'd;e'", ';')).toEqual(['a', 'f(b; c)', "'d;e'"]);
    expect(splitTopLevel('a :: b', '::')).toEqual(['a', 'b']);
  });
});

// --- random expression trees for the precedence property ---

type Tree =
  | { k: 'col'; name: string }
  | { k: 'bin'; op: string; l: Tree; r: Tree }
  | { k: 'not' | 'neg' | 'cast' | 'abs'; e: Tree }
  | { k: 'isnull'; e: Tree; not: boolean }
  | { k: 'in'; e: Tree; list: Tree[]; not: boolean }
  | { k: 'between'; e: Tree; lo: Tree; hi: Tree }
  | { k: 'castAs'; e: Tree }
  | { k: 'coalesce'; args: Tree[] }
  | { k: 'case'; subject: Tree | null; whens: [Tree, Tree][]; otherwise: Tree | null };

/**
 * Binding strength in DuckDB (PostgreSQL's table): OR < AND < NOT < comparisons (with IS, IN, BETWEEN here) < ||
 * < + - < * / % < unary minus < :: < names and calls.
 */
const LEVEL: Record<string, number> = {
  or: 1,
  and: 2,
  not: 3,
  '=': 4,
  '<': 4,
  '>=': 4,
  '<>': 4,
  isnull: 4,
  in: 4,
  between: 4,
  '||': 5,
  '+': 6,
  '-': 6,
  '*': 7,
  '/': 7,
  '%': 7,
  neg: 8,
  cast: 9,
  col: 10,
  abs: 10,
  castAs: 10,
  coalesce: 10,
  case: 10,
};
const FN: Record<string, string> = {
  or: 'or',
  and: 'and',
  '=': 'eq',
  '<': 'lt',
  '>=': 'ge',
  '<>': 'neq',
  '||': 'concat',
  '+': 'add',
  '-': 'subtract',
  '*': 'multiply',
  '/': 'divide',
  '%': 'mod',
};

function tree(): fc.Arbitrary<Tree> {
  const { t } = fc.letrec<{ t: Tree }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('a', 'b', 'c', 'd').map((name): Tree => ({ k: 'col', name })),
      fc.record({ k: fc.constant('bin' as const), op: fc.constantFrom(...Object.keys(FN)), l: tie('t'), r: tie('t') }),
      fc.record({ k: fc.constantFrom('not' as const, 'neg' as const, 'cast' as const, 'abs' as const), e: tie('t') }),
      fc.record({ k: fc.constant('isnull' as const), e: tie('t'), not: fc.boolean() }),
      fc.record({ k: fc.constant('in' as const), e: tie('t'), list: fc.array(tie('t'), { minLength: 1, maxLength: 2 }), not: fc.boolean() }),
      fc.record({ k: fc.constant('between' as const), e: tie('t'), lo: tie('t'), hi: tie('t') }),
      fc.record({ k: fc.constant('castAs' as const), e: tie('t') }),
      fc.record({ k: fc.constant('coalesce' as const), args: fc.array(tie('t'), { minLength: 1, maxLength: 3 }) }),
      fc.record({
        k: fc.constant('case' as const),
        subject: fc.option(tie('t')),
        whens: fc.array(fc.tuple(tie('t'), tie('t')), { minLength: 1, maxLength: 2 }),
        otherwise: fc.option(tie('t')),
      }),
    ),
  }));
  return t;
}

/** SQL text with parentheses only where the binding strengths need them (`min`: the least strength allowed here). */
function print(t: Tree, min: number): string {
  const level = t.k === 'bin' ? LEVEL[t.op] : LEVEL[t.k];
  const not = 'not' in t && t.not ? 'not ' : '';
  let text: string;
  if (t.k === 'col') text = t.name;
  else if (t.k === 'not') text = `not ${print(t.e, LEVEL.not)}`;
  else if (t.k === 'neg') text = `- ${print(t.e, LEVEL.neg)}`;
  else if (t.k === 'cast') text = `${print(t.e, LEVEL.col)}::int`;
  else if (t.k === 'abs') text = `abs(${print(t.e, 0)})`;
  else if (t.k === 'isnull') text = `${print(t.e, 5)} is ${not}null`;
  else if (t.k === 'in') text = `${print(t.e, 5)} ${not}in (${t.list.map((e) => print(e, 0)).join(', ')})`;
  else if (t.k === 'between') text = `${print(t.e, 5)} between ${print(t.lo, 5)} and ${print(t.hi, 5)}`;
  else if (t.k === 'castAs') text = `cast(${print(t.e, 0)} as integer)`;
  else if (t.k === 'coalesce') text = `coalesce(${t.args.map((e) => print(e, 0)).join(', ')})`;
  else if (t.k === 'case') {
    const whens = t.whens.map(([w, r]) => ` when ${print(w, 0)} then ${print(r, 0)}`).join('');
    text = `case${t.subject === null ? '' : ` ${print(t.subject, 0)}`}${whens}${t.otherwise === null ? '' : ` else ${print(t.otherwise, 0)}`} end`;
  } else if (t.k === 'bin') text = level === 4 ? `${print(t.l, 5)} ${t.op} ${print(t.r, 5)}` : `${print(t.l, level)} ${t.op} ${print(t.r, level + 1)}`;
  else throw new Error(`unexpected tree ${JSON.stringify(t)}`);
  return level < min ? `(${text})` : text;
}

function expected(t: Tree): ExprNode {
  const maybeNot = (e: ExprNode) => ('not' in t && t.not ? call('not', e) : e);
  switch (t.k) {
    case 'col':
      return col(t.name);
    case 'not':
      return call('not', expected(t.e));
    case 'neg':
      return call('negate', expected(t.e));
    case 'cast':
      return call('cast', expected(t.e), lit('int32'));
    case 'abs':
      return call('abs', expected(t.e));
    case 'isnull':
      return call(t.not ? 'is_not_null' : 'is_null', expected(t.e));
    case 'in':
      return maybeNot(call('is_in', expected(t.e), ...t.list.map(expected)));
    case 'between': {
      const e = expected(t.e);
      return call('and', call('ge', e, expected(t.lo)), call('le', e, expected(t.hi)));
    }
    case 'castAs':
      return call('cast', expected(t.e), lit('int32'));
    case 'coalesce':
      return call('coalesce', ...t.args.map(expected));
    case 'case': {
      const subject = t.subject === null ? null : expected(t.subject);
      const whens = t.whens.flatMap(([w, r]) => [subject === null ? expected(w) : call('eq', subject, expected(w)), expected(r)]);
      return call('case_when', ...whens, ...(t.otherwise === null ? [] : [expected(t.otherwise)]));
    }
    default:
      return call(FN[t.op], expected(t.l), expected(t.r));
  }
}

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('no error');
}
