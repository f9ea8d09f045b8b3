import type { JoinQuery } from './query-spec.js';

/** db-benchmark's check: the row count and the totals of v1 and v2. */
const checks = [
  { name: 'v1', of: ['v1'] },
  { name: 'v2', of: ['v2'] },
];

/**
 * db-benchmark's join questions (h2oai/db-benchmark `_control/questions.csv`, task join), on its J1 tables: x joined
 * with the small, medium and big right tables, each engine's way. db-benchmark keeps x's columns and the right's
 * other columns (a clashing name gets a suffix); so do these.
 */
export const joinQueries: JoinQuery[] = [
  {
    id: 'j1',
    kind: 'join',
    dataset: 'join',
    title: 'small inner on int',
    right: 'small',
    keys: ['id1'],
    checks,
    sql: 'SELECT x.*, r.id4 AS id4_right, r.v2 FROM {x} AS x JOIN {right} AS r USING (id1)',
    polars: (_pl, x, right) => x.join(right, { on: 'id1' }),
    dfStream: (x, right, memoryLimit) => x.join(right, { on: 'id1', memoryLimit }),
  },
  {
    id: 'j2',
    kind: 'join',
    dataset: 'join',
    title: 'medium inner on int',
    right: 'medium',
    keys: ['id2'],
    checks,
    sql: 'SELECT x.*, r.id1 AS id1_right, r.id4 AS id4_right, r.id5 AS id5_right, r.v2 FROM {x} AS x JOIN {right} AS r USING (id2)',
    polars: (_pl, x, right) => x.join(right, { on: 'id2' }),
    dfStream: (x, right, memoryLimit) => x.join(right, { on: 'id2', memoryLimit }),
  },
  {
    id: 'j3',
    kind: 'join',
    dataset: 'join',
    title: 'medium outer on int (left join)',
    right: 'medium',
    keys: ['id2'],
    checks,
    sql: 'SELECT x.*, r.id1 AS id1_right, r.id4 AS id4_right, r.id5 AS id5_right, r.v2 FROM {x} AS x LEFT JOIN {right} AS r USING (id2)',
    polars: (_pl, x, right) => x.join(right, { on: 'id2', how: 'left' }),
    dfStream: (x, right, memoryLimit) => x.join(right, { on: 'id2', how: 'left', memoryLimit }),
  },
  {
    id: 'j4',
    kind: 'join',
    dataset: 'join',
    title: 'medium inner on factor',
    right: 'medium',
    keys: ['id5'],
    checks,
    sql: 'SELECT x.*, r.id1 AS id1_right, r.id2 AS id2_right, r.id4 AS id4_right, r.v2 FROM {x} AS x JOIN {right} AS r USING (id5)',
    // Polars reads id5 as a string column (a categorical needs a global string cache shared by both scans).
    polars: (_pl, x, right) => x.join(right, { on: 'id5' }),
    dfStream: (x, right, memoryLimit) => x.join(right, { on: 'id5', memoryLimit }),
  },
  {
    id: 'j5',
    kind: 'join',
    dataset: 'join',
    title: 'big inner on int',
    right: 'big',
    keys: ['id3'],
    checks,
    sql: 'SELECT x.*, r.id1 AS id1_right, r.id2 AS id2_right, r.id4 AS id4_right, r.id5 AS id5_right, r.id6 AS id6_right, r.v2 FROM {x} AS x JOIN {right} AS r USING (id3)',
    polars: (_pl, x, right) => x.join(right, { on: 'id3' }),
    dfStream: (x, right, memoryLimit) => x.join(right, { on: 'id3', memoryLimit }),
  },
  {
    id: 'j5-256mb',
    kind: 'join',
    dataset: 'join',
    title: 'big inner on int, 256 MB budget (df-stream: grace hash join; DuckDB: memory_limit)',
    right: 'big',
    keys: ['id3'],
    checks,
    memoryLimit: 256e6,
    sql: 'SELECT x.*, r.id1 AS id1_right, r.id2 AS id2_right, r.id4 AS id4_right, r.id5 AS id5_right, r.id6 AS id6_right, r.v2 FROM {x} AS x JOIN {right} AS r USING (id3)',
    polars: (_pl, x, right) => x.join(right, { on: 'id3' }),
    dfStream: (x, right, memoryLimit) => x.join(right, { on: 'id3', memoryLimit }),
  },
];
