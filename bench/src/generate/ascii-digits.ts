/**
 * Writers of ASCII numbers straight into a byte buffer. Each returns the position after what it wrote.
 * Generators call these per field, so they avoid strings, allocation and TextEncoder entirely.
 * Values must be below 2^31 (true for every generated field, even at 1e9 rows): the digit loop divides with
 * `(v / 10) | 0`, which V8 turns into integer ops, unlike Math.floor on a double.
 */

export function writeUint(buf: Uint8Array, pos: number, value: number): number {
  if (value < 10) {
    buf[pos] = 48 + value;
    return pos + 1;
  }
  const end = pos + digitCount(value);
  let p = end;
  let v = value;
  while (v > 0) {
    const q = (v / 10) | 0;
    buf[--p] = 48 + v - q * 10;
    v = q;
  }
  return end;
}

/** Like printf("%0*d"): at least `width` digits, more if the value needs them. */
export function writePadded(buf: Uint8Array, pos: number, value: number, width: number): number {
  const end = pos + Math.max(width, digitCount(value));
  let p = end;
  let v = value;
  while (p > pos) {
    const q = (v / 10) | 0;
    buf[--p] = 48 + v - q * 10;
    v = q;
  }
  return end;
}

export function digitCount(value: number): number {
  let n = 1;
  let limit = 10;
  while (value >= limit) {
    n++;
    limit *= 10;
  }
  return n;
}
