import { describe, expect, it } from 'vitest';
import { ColumnNotFoundError, Schema } from '../src/schema.js';

describe('Schema', () => {
  const schema = new Schema([
    { name: 'city', dtype: 'categorical' },
    { name: 'temperature', dtype: 'float64' },
    { name: 'age', dtype: 'int8' },
  ]);

  it('looks fields up by name and keeps their order', () => {
    expect(schema.names).toEqual(['city', 'temperature', 'age']);
    expect(schema.indexOf('age')).toBe(2);
    expect(schema.field('temperature').dtype).toBe('float64');
    expect(schema.select(['age', 'city']).names).toEqual(['age', 'city']);
    expect(schema.toString()).toBe('city: categorical\ntemperature: float64\nage: int8');
  });

  it('throws ColumnNotFoundError with the closest name for a typo', () => {
    let error: unknown;
    try {
      schema.field('temprature');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ColumnNotFoundError);
    const notFound = error as ColumnNotFoundError;
    expect(notFound.suggestion).toBe('temperature');
    expect(notFound.message).toBe("column 'temprature' not found (did you mean 'temperature'?); available: city, temperature, age");
    expect(() => schema.field('City')).toThrow("did you mean 'city'?");
  });

  it('suggests nothing when no name is close', () => {
    expect(() => schema.field('zzzzzzzz')).toThrow("column 'zzzzzzzz' not found; available: city, temperature, age");
  });

  it('rejects duplicate names', () => {
    expect(
      () =>
        new Schema([
          { name: 'a', dtype: 'int8' },
          { name: 'a', dtype: 'utf8' },
        ]),
    ).toThrow("duplicate column name 'a'");
  });
});
