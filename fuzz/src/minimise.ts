/**
 * Delta debugging over bytes (Zeller's ddmin, complements only): cut the input into `n` pieces, keep the first
 * input without one piece that still fails, else cut finer; stops at single bytes or at `deadline` (a
 * performance.now() time), returning the smallest failing input found so far. Candidates are tried `jobs` at a
 * time, since each is a child process.
 */
export async function minimise(input: Uint8Array, stillFails: (candidate: Uint8Array) => Promise<boolean>, jobs: number, deadline: number): Promise<Uint8Array> {
  let current = input;
  let n = 2;
  while (current.length > 1 && performance.now() < deadline) {
    const size = Math.ceil(current.length / n);
    const candidates: Uint8Array[] = [];
    for (let start = 0; start < current.length; start += size) candidates.push(without(current, start, size));
    let smaller: Uint8Array | undefined;
    for (let i = 0; i < candidates.length && smaller === undefined && performance.now() < deadline; i += jobs) {
      const batch = candidates.slice(i, i + jobs);
      const fails = await Promise.all(batch.map(stillFails));
      smaller = batch[fails.indexOf(true)];
    }
    if (smaller !== undefined) {
      current = smaller;
      n = Math.max(n - 1, 2);
    } else if (n >= current.length) {
      break;
    } else {
      n = Math.min(current.length, n * 2);
    }
  }
  return current;
}

function without(bytes: Uint8Array, start: number, length: number): Uint8Array {
  const out = new Uint8Array(bytes.length - Math.min(length, bytes.length - start));
  out.set(bytes.subarray(0, start));
  out.set(bytes.subarray(start + length), start);
  return out;
}
