import { describe, expect, it } from 'vitest';
import * as core from '../../src/index.js';
import { DfError, type ErrorKind, exitCodeOf } from '../../src/index.js';
import * as coreInternal from '../../src/internal.js';

describe('DfError', () => {
  it('survives the wire: name, kind, message, hint, code and location', () => {
    const err = new DfError('data', 'data.csv:3: expected 2 fields, got 3 (byte 17)', {
      hint: 'quote fields that contain the delimiter',
      code: 'field-count',
      where: { file: 'data.csv', line: 3, column: 'temp', byteOffset: 17 },
    });
    err.name = 'CsvError';
    const wire = err.toWire();
    // Plain data: what postMessage, a queue or JSON carries.
    const back = DfError.fromWire(JSON.parse(JSON.stringify(wire)));
    expect(back).toBeInstanceOf(DfError);
    expect(back.name).toBe('CsvError');
    expect(back.kind).toBe('data');
    expect(back.message).toBe(err.message);
    expect(back.hint).toBe(err.hint);
    expect(back.code).toBe('field-count');
    expect(back.where).toEqual({ file: 'data.csv', line: 3, column: 'temp', byteOffset: 17 });
    expect(back.stack).toBe(err.stack);
    expect(structuredClone(wire)).toEqual(wire);
  });

  it('leaves out what an error does not have', () => {
    const wire = new DfError('usage', 'bad option').toWire();
    expect(wire).toMatchObject({ v: 1, name: 'DfError', kind: 'usage', message: 'bad option' });
    expect(Object.keys(wire).sort()).toEqual(['kind', 'message', 'name', 'stack', 'v']);
    const back = DfError.fromWire(wire);
    expect(back.hint).toBeUndefined();
    expect(back.code).toBeUndefined();
    expect(back.where).toEqual({});
  });

  it.each([undefined, null, 42, 'boom', {}, { message: 'x' }, { message: 'x', kind: 'bogus' }, { kind: 'data' }, [1, 2]])(
    'a malformed wire record (%j) is an internal error',
    (garbage) => {
      const err = DfError.fromWire(garbage);
      expect(err).toBeInstanceOf(DfError);
      expect(err.kind).toBe('internal');
      expect(err.message).toMatch(/^malformed error record: /);
    },
  );

  it('from: ours pass through, a TypeError is internal, a file the OS refused is io', () => {
    const ours = new DfError('usage', 'x');
    expect(DfError.from(ours)).toBe(ours);

    const type = DfError.from(new TypeError("Cannot read properties of undefined (reading 'length')"));
    expect(type.kind).toBe('internal');
    expect(type.name).toBe('TypeError');
    expect(type.message).toBe("Cannot read properties of undefined (reading 'length')");

    expect(DfError.from(new RangeError('Invalid array length')).kind).toBe('internal');

    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open 'nope.csv'"), {
      code: 'ENOENT',
      errno: -2,
      syscall: 'open',
      path: 'nope.csv',
    });
    const io = DfError.from(enoent);
    expect(io.kind).toBe('io');
    expect(io.code).toBe('ENOENT');
    expect(io.where.file).toBe('nope.csv');
    expect(io.cause).toBe(enoent);

    const thrown = DfError.from('a string');
    expect(thrown.kind).toBe('internal');
    expect(thrown.message).toBe('non-error thrown: "a string"');
  });

  it('exit codes come from the kind: 2 for usage, 1 for the rest', () => {
    const codes = (['data', 'usage', 'io', 'internal'] as ErrorKind[]).map((k) => exitCodeOf(new DfError(k, 'x')));
    expect(codes).toEqual([1, 2, 1, 1]);
  });
});

/** One of each error class core exports, and the kind it must have. */
const CORE_ERRORS: Record<string, { make: () => Error; kind: ErrorKind }> = {
  DfError: { make: () => new DfError('data', 'x'), kind: 'data' },
  ColumnNotFoundError: { make: () => new core.ColumnNotFoundError('cty', ['city', 'temp']), kind: 'usage' },
  UnsupportedArrowTypeError: { make: () => new core.UnsupportedArrowTypeError('tags', 'List<Utf8>'), kind: 'data' },
  InvalidArrowDataError: { make: () => new core.InvalidArrowDataError('city', 'offsets past the end'), kind: 'data' },
  SplitGuessError: { make: () => new coreInternal.SplitGuessError('guessed wrong'), kind: 'internal' },
  ExprTypeError: { make: () => new core.ExprTypeError('year() needs a date or timestamp, got int32', 'year(v1)'), kind: 'usage' },
};

/** Exported classes whose instances are errors. */
function errorClasses(module: Record<string, unknown>): string[] {
  return Object.entries(module)
    .filter(([, v]) => typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof Error)
    .map(([name]) => name);
}

describe("core's error classes", () => {
  it('the table below covers every error class core exports', () => {
    const exported = new Set([...errorClasses(core), ...errorClasses(coreInternal), 'DfError']);
    expect([...exported].sort()).toEqual(Object.keys(CORE_ERRORS).sort());
  });

  it.each(Object.entries(CORE_ERRORS))('%s is a DfError of its kind, with its own name', (name, { make, kind }) => {
    const err = make();
    expect(err).toBeInstanceOf(DfError);
    expect((err as DfError).kind).toBe(kind);
    expect(err.name).toBe(name);
    expect(DfError.from(err)).toBe(err);
  });

  it('ColumnNotFoundError keeps its message and names the column in where', () => {
    const err = new core.ColumnNotFoundError('cty', ['city', 'temp']);
    expect(err.message).toBe("column 'cty' not found (did you mean 'city'?); available: city, temp");
    expect(err.where.column).toBe('cty');
    expect(err.suggestion).toBe('city');
  });

  it('bad calls are usage errors, with the message they always had', () => {
    const usage = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DfError);
        return [(e as DfError).kind, (e as DfError).message];
      }
      throw new Error('did not throw');
    };
    expect(usage(() => core.DataFrame.fromColumns({ a: [1] }, { chunkSize: 0 }))).toEqual(['usage', 'chunkSize must be a positive integer, got 0']);
    expect(usage(() => core.DataFrame.fromColumns({ a: [1, 2], b: [1] }))).toEqual(['usage', 'columns have different lengths: a=2, b=1']);
    expect(
      usage(() =>
        core.DataFrame.fromColumns({ a: [1, 2] })
          .column('a')
          .get(5),
      ),
    ).toEqual(['usage', 'row 5 is out of range 0..1']);
    expect(usage(() => core.DataFrame.fromColumns({ age: [1, 300] }, { dtypes: { age: 'int8' } }))).toEqual([
      'usage',
      "column 'age', row 1: value 300 does not fit int8",
    ]);
    expect(
      usage(
        () =>
          new core.Schema([
            { name: 'a', dtype: 'int8' },
            { name: 'a', dtype: 'utf8' },
          ]),
      ),
    ).toEqual(['usage', "duplicate column name 'a'"]);
  });
});
