/** Line breaks in bytes [s, e): LF, CRLF (once) and a lone CR each count one, as the tokenizer counts them. */
export function countLineBreaks(buf: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c === 0x0a) n++;
    else if (c === 0x0d && buf[i + 1] !== 0x0a) n++;
  }
  return n;
}
