/**
 * Deterministic, unique column names: an empty name becomes `column_<i>` (1-based position), a repeated one
 * gets the first free suffix `_1`, `_2`, ... (`a, a, ''` -> `a, a_1, column_3`). Names seen in the input win
 * over generated ones, so a later real `a_1` does not get renamed because of an earlier duplicate.
 */
export function dedupeNames(raw: readonly string[]): string[] {
  const wanted = raw.map((name, i) => (name.trim() === '' ? `column_${i + 1}` : name));
  const taken = new Set<string>();
  const counts = new Map<string, number>();
  for (const name of wanted) counts.set(name, (counts.get(name) ?? 0) + 1);
  const out: string[] = [];
  const firstSeen = new Set<string>();
  for (const name of wanted) {
    if (!firstSeen.has(name)) {
      firstSeen.add(name);
      taken.add(name);
      out.push(name);
      continue;
    }
    out.push('');
  }
  // Where each base's search for a free suffix goes on: the suffixes below it are taken, and stay taken. Searching
  // from 1 each time was quadratic (a header of a million '1's took longer than any time limit).
  const nextSuffix = new Map<string, number>();
  for (let i = 0; i < wanted.length; i++) {
    if (out[i] !== '') continue;
    const base = wanted[i];
    let k = nextSuffix.get(base) ?? 1;
    while (taken.has(`${base}_${k}`) || counts.has(`${base}_${k}`)) k++;
    const name = `${base}_${k}`;
    taken.add(name);
    nextSuffix.set(base, k + 1);
    out[i] = name;
  }
  return out;
}
