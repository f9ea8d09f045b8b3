/**
 * Tells whether a field's bytes are one of the null values. `maybeNull(len)` is a one-bit test on the length
 * that lets the hot loops skip the byte comparison for nearly every field.
 */
export class NullMatcher {
  private readonly values: readonly Uint8Array[];
  private readonly lengthMask: number;
  private readonly hasLong: boolean;

  constructor(values: readonly Uint8Array[]) {
    this.values = values;
    let mask = 0;
    let long = false;
    for (const v of values) {
      if (v.length < 31) mask |= 1 << v.length;
      else long = true;
    }
    this.lengthMask = mask;
    this.hasLong = long;
  }

  /** Bit `len` set for each length under 31 a null value has (`maybeNull` of those lengths, as a mask). */
  get lengthBits(): number {
    return this.lengthMask;
  }

  maybeNull(len: number): boolean {
    return len < 31 ? ((this.lengthMask >>> len) & 1) !== 0 : this.hasLong;
  }

  matches(buf: Uint8Array, s: number, e: number): boolean {
    const len = e - s;
    if (!this.maybeNull(len)) return false;
    outer: for (const v of this.values) {
      if (v.length !== len) continue;
      for (let k = 0; k < len; k++) if (buf[s + k] !== v[k]) continue outer;
      return true;
    }
    return false;
  }
}
