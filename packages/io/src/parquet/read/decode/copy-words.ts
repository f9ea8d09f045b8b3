/**
 * Copies `n` bytes from `src` at `from` to `dst` at `to`, forward, four bytes a step through DataViews over the same
 * bytes (`srcView`, `dstView`), then the last ones: a quarter of a byte loop's steps, for the short runs (strings,
 * snappy literals and copies) where `Uint8Array.set` costs more in a view object than it saves. Within one buffer a
 * forward copy is right when `to - from` is 4 or more: each word it reads was written before.
 */
export function copyWords(src: Uint8Array, srcView: DataView, from: number, dst: Uint8Array, dstView: DataView, to: number, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) dstView.setInt32(to + i, srcView.getInt32(from + i, true), true);
  for (; i < n; i++) dst[to + i] = src[from + i];
}
