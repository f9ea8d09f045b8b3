/** Validity bitmaps: one bit per row, least significant bit first, 1 = valid (Arrow's layout). */

export function bitmapByteLength(length: number): number {
  return (length + 7) >>> 3;
}

export function getBit(bits: Uint8Array, i: number): boolean {
  return (bits[i >>> 3] & (1 << (i & 7))) !== 0;
}

export function setBit(bits: Uint8Array, i: number, on: boolean): void {
  if (on) bits[i >>> 3] |= 1 << (i & 7);
  else bits[i >>> 3] &= ~(1 << (i & 7));
}

/** A bitmap with the first `length` bits set. */
export function allValidBitmap(length: number): Uint8Array {
  const bits = new Uint8Array(bitmapByteLength(length)).fill(0xff);
  const tail = length & 7;
  if (tail !== 0) bits[bits.length - 1] = (1 << tail) - 1;
  return bits;
}

const POPCOUNT = new Uint8Array(256).map((_, i) => {
  let n = 0;
  for (let v = i; v !== 0; v >>>= 1) n += v & 1;
  return n;
});

/** Number of unset bits among the first `length` bits (the null count of a validity bitmap). */
export function countUnset(bits: Uint8Array, length: number): number {
  let set = 0;
  const whole = length >>> 3;
  for (let i = 0; i < whole; i++) set += POPCOUNT[bits[i]];
  for (let i = whole << 3; i < length; i++) if (getBit(bits, i)) set++;
  return length - set;
}

/** Copies bits [start, end) of `bits` into a new bitmap starting at bit 0. */
export function sliceBits(bits: Uint8Array, start: number, end: number): Uint8Array {
  const length = Math.max(0, end - start);
  if ((start & 7) === 0) {
    const out = bits.slice(start >>> 3, (start >>> 3) + bitmapByteLength(length));
    const tail = length & 7;
    if (tail !== 0 && out.length > 0) out[out.length - 1] &= (1 << tail) - 1;
    return out;
  }
  const out = new Uint8Array(bitmapByteLength(length));
  for (let i = 0; i < length; i++) if (getBit(bits, start + i)) out[i >>> 3] |= 1 << (i & 7);
  return out;
}
