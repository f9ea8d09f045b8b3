import { allValidBitmap } from '../bitmap.js';
import { CategoricalColumn, codeArrayFor } from '../column.js';
import type { Dictionary } from '../dictionary.js';

/** The index array of a dictionary-encoded Arrow column, of any width. */
export type DictionaryKeys = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | BigInt64Array | BigUint64Array;

/**
 * A dictionary-encoded column's keys as a categorical column over `dictionary`: `remap[k]` is the code of key `k`
 * (its first `size` entries are set; -1 marks a null dictionary entry, which makes the value null). When the remap is
 * the identity and the keys are already the code array's type, the keys are the codes, uncopied. A key outside the
 * dictionary throws what `badKey` makes (each reader says it in its own error).
 */
export function categoricalFromKeys(
  keys: DictionaryKeys,
  validity: Uint8Array | null,
  nullCount: number,
  remap: Int32Array,
  size: number,
  dictionary: Dictionary,
  badKey: (key: number, row: number) => Error,
): CategoricalColumn {
  const n = keys.length;
  const codes = codeArrayFor(dictionary.size, n);
  let bits = validity;
  let nulls = nullCount;
  let identity = keys.constructor === codes.constructor && isIdentity(remap, size);
  for (let i = 0; i < n; i++) {
    if (bits !== null && (bits[i >>> 3] & (1 << (i & 7))) === 0) continue;
    const k = Number(keys[i]);
    if (!(k >= 0 && k < size)) throw badKey(k, i);
    const code = remap[k];
    if (code < 0) {
      // A key pointing at a null dictionary entry is a null value.
      if (bits === null || bits === validity) bits = bits === null ? allValidBitmap(n) : bits.slice();
      bits[i >>> 3] &= ~(1 << (i & 7));
      nulls++;
      identity = false;
      continue;
    }
    codes[i] = code;
  }
  if (identity && bits === validity) return new CategoricalColumn(keys as Uint8Array | Uint16Array | Uint32Array, dictionary, validity, nullCount);
  return new CategoricalColumn(codes, dictionary, bits, nulls);
}

function isIdentity(remap: Int32Array, size: number): boolean {
  for (let i = 0; i < size; i++) if (remap[i] !== i) return false;
  return true;
}
