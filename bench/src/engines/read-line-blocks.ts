import fs from 'node:fs';

/**
 * Reads a file with fs.readSync into one reused buffer and calls `onBlock` with ranges holding whole lines only
 * (the last block may lack its final newline). The tail of a partial line is moved to the front before the next
 * read, so no line is ever split and nothing is allocated per block.
 */
export function readLineBlocks(file: string, onBlock: (buf: Buffer, start: number, end: number) => void, bufferSize = 4 << 20): void {
  const fd = fs.openSync(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(bufferSize);
    let carry = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, carry, buf.length - carry, null);
      const filled = carry + n;
      if (n === 0) {
        if (filled > 0) onBlock(buf, 0, filled);
        return;
      }
      const lastNewline = buf.lastIndexOf(10, filled - 1);
      if (lastNewline < 0) {
        // A line longer than the buffer: grow it and keep reading.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
        carry = filled;
        continue;
      }
      onBlock(buf, 0, lastNewline + 1);
      carry = filled - lastNewline - 1;
      buf.copy(buf, 0, lastNewline + 1, filled);
    }
  } finally {
    fs.closeSync(fd);
  }
}
