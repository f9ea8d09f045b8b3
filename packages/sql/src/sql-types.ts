import type { DType } from '@df-stream/core';

/**
 * SQL type names (DuckDB's and their aliases, lower case, words single-spaced) and the dtype each casts to. Our
 * own dtype names work too, except `int8`, which is BIGINT in DuckDB (our 8-bit int is `tinyint`).
 */
export const SQL_TYPES: Readonly<Record<string, DType>> = {
  double: 'float64',
  'double precision': 'float64',
  float8: 'float64',
  float64: 'float64',
  real: 'float32',
  float: 'float32',
  float4: 'float32',
  float32: 'float32',
  bigint: 'int64',
  int8: 'int64',
  long: 'int64',
  int64: 'int64',
  integer: 'int32',
  int: 'int32',
  int4: 'int32',
  signed: 'int32',
  int32: 'int32',
  smallint: 'int16',
  int2: 'int16',
  short: 'int16',
  int16: 'int16',
  tinyint: 'int8',
  int1: 'int8',
  utinyint: 'uint8',
  uint8: 'uint8',
  usmallint: 'uint16',
  uint16: 'uint16',
  uinteger: 'uint32',
  uint32: 'uint32',
  varchar: 'utf8',
  'character varying': 'utf8',
  text: 'utf8',
  string: 'utf8',
  char: 'utf8',
  bpchar: 'utf8',
  utf8: 'utf8',
  categorical: 'categorical',
  boolean: 'bool',
  bool: 'bool',
  logical: 'bool',
  date: 'date',
  timestamp: 'timestamp',
  datetime: 'timestamp',
};

/** Type names made of several words: a type name starting with the first word takes the others if they follow. */
export const MULTI_WORD_TYPES: readonly (readonly string[])[] = [
  ['double', 'precision'],
  ['character', 'varying'],
  ['timestamp', 'with', 'time', 'zone'],
  ['timestamp', 'without', 'time', 'zone'],
  ['time', 'with', 'time', 'zone'],
];
