import { budgetQueryId, budgetSizes, budgetText } from './budget-sizes.js';
import { etlQueries } from './etl-queries.js';
import { joinQueries } from './join-queries.js';
import type { GroupbyQuery, Query, ReadQuery } from './query-spec.js';

const m = (column: string, fn: GroupbyQuery['measures'][number]['fn'], name = `${column}_${fn}`) => ({ name, column, fn });

/** The db-benchmark group-by questions we run (its q6, q8, q9 need median, top-n and corr), plus 1BRC's. */
export const groupbyQueries: GroupbyQuery[] = [
  { id: 'q1', kind: 'groupby', dataset: 'groupby', title: 'sum v1 by id1', keys: ['id1'], measures: [m('v1', 'sum')] },
  {
    id: 'q2',
    kind: 'groupby',
    dataset: 'groupby',
    title: 'sum v1 by id1:id2',
    keys: ['id1', 'id2'],
    measures: [m('v1', 'sum')],
  },
  {
    id: 'q3',
    kind: 'groupby',
    dataset: 'groupby',
    title: 'sum v1 mean v3 by id3',
    keys: ['id3'],
    measures: [m('v1', 'sum'), m('v3', 'mean')],
  },
  {
    id: 'q4',
    kind: 'groupby',
    dataset: 'groupby',
    title: 'mean v1:v3 by id4',
    keys: ['id4'],
    measures: [m('v1', 'mean'), m('v2', 'mean'), m('v3', 'mean')],
  },
  {
    id: 'q5',
    kind: 'groupby',
    dataset: 'groupby',
    title: 'sum v1:v3 by id6',
    keys: ['id6'],
    measures: [m('v1', 'sum'), m('v2', 'sum'), m('v3', 'sum')],
  },
  {
    id: 'q7',
    kind: 'groupby',
    dataset: 'groupby',
    title: 'max v1 - min v2 by id3',
    keys: ['id3'],
    measures: [m('v1', 'max'), m('v2', 'min')],
    derived: { name: 'range_v1_v2', left: 'v1_max', right: 'v2_min' },
  },
  {
    id: 'q10',
    kind: 'groupby',
    dataset: 'groupby',
    title: 'sum v3 count by id1:id6',
    keys: ['id1', 'id2', 'id3', 'id4', 'id5', 'id6'],
    measures: [m('v3', 'sum'), m('v3', 'count', 'count')],
  },
  {
    id: 'city',
    kind: 'groupby',
    dataset: 'cities',
    title: 'count min mean max temp by city (1BRC)',
    keys: ['city'],
    measures: [m('temp', 'count'), m('temp', 'min'), m('temp', 'mean'), m('temp', 'max')],
  },
];

export const readQueries: ReadQuery[] = [
  {
    id: 'read-all',
    kind: 'read',
    dataset: 'groupby',
    title: 'all 9 columns',
    stringColumns: ['id1', 'id2', 'id3'],
    numericColumns: ['id4', 'id5', 'id6', 'v1', 'v2', 'v3'],
  },
  {
    id: 'read-two',
    kind: 'read',
    dataset: 'groupby',
    title: 'two columns id1, v1',
    stringColumns: ['id1'],
    numericColumns: ['v1'],
  },
];

/**
 * Issue 20's budget suite: q10 (about one group per row: ten million groups on the 1e7 file) and q3
 * (a million groups, on the 1e8 file) under each budget, each budget its own case (`q10-256mb`).
 */
export const budgetQueries: GroupbyQuery[] = ['q10', 'q3'].flatMap((baseId) => {
  const base = groupbyQueries.find((q) => q.id === baseId);
  if (!base) throw new Error(`no group-by query ${baseId}`);
  return budgetSizes.map((bytes) => ({ ...base, id: budgetQueryId(base.id, bytes), title: `${base.title}, ${budgetText(bytes)} budget`, memoryLimit: bytes }));
});

export const allQueries: Query[] = [...groupbyQueries, ...readQueries, ...etlQueries, ...joinQueries, ...budgetQueries];

export function findQuery(id: string): Query {
  const query = allQueries.find((q) => q.id === id);
  if (!query) throw new Error(`unknown query "${id}"; known: ${allQueries.map((q) => q.id).join(', ')}`);
  return query;
}
