/**
 * Deterministic sample data for the plain-JS-array measurement: the same generator runs in the test
 * (to build a frame) and in a child process (to measure the plain arrays on the V8 heap).
 * Every string is a fresh object per row, as a CSV parser or JSON.parse would make it.
 */
const CITIES = ['Oslo', 'Zürich', 'Kraków', 'São Paulo', '東京', 'Reykjavík', 'Abidjan', 'Ho Chi Minh City'];

export type SampleColumns = Record<string, unknown[]>;

const decoder = new TextDecoder();
const cityBytes = CITIES.map((c) => new TextEncoder().encode(c));

const GENERATORS: Readonly<Record<string, (i: number) => unknown>> = {
  city: (i) => decoder.decode(cityBytes[(i * 7) % CITIES.length]),
  label: (i) => decoder.decode(new TextEncoder().encode(`item-${i}`)),
  age: (i) => (i % 50 === 0 ? null : (i * 13) % 90),
  temp: (i) => ((i * 37) % 1000) / 10 - 20.05,
  reading: (i) => (i % 10 === 0 ? null : i / 7),
  flag: (i) => i % 3 === 0,
  id: (i) => 2n ** 60n + BigInt(i),
};

export const SAMPLE_COLUMN_NAMES: readonly string[] = Object.keys(GENERATORS);

export function sampleColumn(name: string, n: number): unknown[] {
  return fill(n, GENERATORS[name]);
}

export function sampleColumns(n: number): SampleColumns {
  return Object.fromEntries(SAMPLE_COLUMN_NAMES.map((name) => [name, sampleColumn(name, n)]));
}

/**
 * `Array.from` with a length allocates exactly `n` slots (no growth slack: the cost model counts one
 * slot per row) and, unlike a shared `new Array(n)` site, does not carry V8's allocation-site feedback
 * from one column to the next, so each array gets the element kind its own values call for.
 */
function fill(n: number, f: (i: number) => unknown): unknown[] {
  return Array.from({ length: n }, (_, i) => f(i));
}
