import { DfError, type ErrorKind } from '@df-stream/core';
import { describe, expect, it } from 'vitest';
import * as io from '../../src/index.js';
import * as ioInternal from '../../src/internal.js';
import { ParquetWorkerError } from '../../src/parquet/read/parquet-worker.js';

const csvAt = { file: 'data.csv', line: 3, column: 'temp', byteOffset: 17 };

/** One of each error class io has, and the kind it must have (several per class where the code decides it). */
const IO_ERRORS: [string, () => Error, ErrorKind][] = [
  ['CsvError', () => new io.CsvError('expected 2 fields, got 3', { code: 'field-count', ...csvAt, hint: 'check the quoting' }), 'data'],
  ['CsvError', () => new io.CsvError("dtypes names a column 'x' that the file does not have", { code: 'usage', file: 'data.csv', line: 1, byteOffset: 0 }), 'usage'],
  ['FormatError', () => new io.FormatError('not a Parquet file', { file: 'a.parquet', code: 'wrong-format' }), 'data'],
  ['FormatError', () => new io.FormatError('bad page', { file: 'a.parquet', code: 'malformed', rowGroup: 2, column: 'x' }), 'data'],
  ['FormatError', () => new io.FormatError('LZ4 buffers', { file: 'a.arrow', code: 'unsupported', batch: 1 }), 'data'],
  ['FormatError', () => new io.FormatError('EACCES: permission denied', { file: 'a.parquet', code: 'io' }), 'io'],
  ['ParquetWorkerError', () => new ParquetWorkerError('parquet decoder crashed: unreachable', true), 'data'],
];

function errorClasses(module: Record<string, unknown>): string[] {
  return Object.entries(module)
    .filter(([, v]) => typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof Error)
    .map(([name]) => name);
}

describe("io's error classes", () => {
  it('the table covers every error class io exports', () => {
    const exported = new Set([...errorClasses(io), ...errorClasses(ioInternal)]);
    const covered = new Set(IO_ERRORS.map(([name]) => name));
    for (const name of exported) expect(covered, name).toContain(name);
  });

  it.each(IO_ERRORS)('%s is a DfError of kind %s', (name, make, kind) => {
    const err = make();
    expect(err).toBeInstanceOf(DfError);
    expect((err as DfError).kind).toBe(kind);
    expect(err.name).toBe(name);
    expect(DfError.from(err)).toBe(err);
  });

  it('CsvError keeps its one-line message and fields; its finer reason is the code; where has the position', () => {
    const err = new io.CsvError('expected 2 fields, got 3', { code: 'field-count', ...csvAt, hint: 'check the quoting' });
    expect(err.message).toBe("data.csv:3: expected 2 fields, got 3 (column 'temp', byte 17); hint: check the quoting");
    expect(err.code).toBe('field-count');
    expect(err.hint).toBe('check the quoting');
    expect(err.reason).toBe('expected 2 fields, got 3');
    expect([err.file, err.line, err.column, err.byteOffset]).toEqual(['data.csv', 3, 'temp', 17]);
    expect(err.where).toMatchObject(csvAt);
    const back = DfError.fromWire(err.toWire());
    expect([back.name, back.kind, back.code, back.message, back.hint]).toEqual(['CsvError', 'data', 'field-count', err.message, err.hint]);
  });

  it('FormatError keeps its message and fields; where has the file, row group and column', () => {
    const err = new io.FormatError('bad page', { file: 'a.parquet', code: 'malformed', rowGroup: 2, column: 'x', hint: 'try pyarrow' });
    expect(err.message).toBe("a.parquet, row group 2, column 'x': bad page (hint: try pyarrow)");
    expect(err.code).toBe('malformed');
    expect([err.file, err.rowGroup, err.column, err.hint]).toEqual(['a.parquet', 2, 'x', 'try pyarrow']);
    expect(err.where).toMatchObject({ file: 'a.parquet', rowGroup: 2, column: 'x' });
  });

  it('bad options are usage errors with the message they always had', () => {
    const thrown = (f: () => unknown): DfError => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DfError);
        return e as DfError;
      }
      throw new Error('did not throw');
    };
    const e = thrown(() => new ioInternal.CsvEncoder({ delimiter: '"' }));
    expect([e.kind, e.message]).toEqual(['usage', 'delimiter and quote must be two different characters']);
  });
});
