import { CsvError } from '../csv-error.js';
import { countLineBreaks } from './count-line-breaks.js';

/**
 * Where a batch of rows sits in the input, so that a column parser can name the line and byte offset of a bad
 * value without the hot loops tracking lines: the line is recounted only when an error is raised.
 */
export class BatchContext {
  file = '';
  buf: Uint8Array = new Uint8Array(0);
  /** Input offset of `buf[0]`. */
  bufferOffset = 0;
  /** Line and buffer position of the batch's first row. */
  line = 1;
  pos = 0;
  rowStarts: Int32Array = new Int32Array(1);
  /** Chunk row of the batch's first row. */
  row0 = 0;

  lineOf(chunkRow: number): number {
    const start = this.rowStarts[chunkRow - this.row0];
    return this.line + countLineBreaks(this.buf, this.pos, start);
  }

  fail(code: CsvError['code'], what: string, column: string | undefined, chunkRow: number, pos: number, hint?: string): never {
    throw new CsvError(what, {
      code,
      file: this.file,
      line: this.lineOf(chunkRow) + countLineBreaks(this.buf, this.rowStarts[chunkRow - this.row0], pos),
      column,
      byteOffset: this.bufferOffset + pos,
      hint,
    });
  }
}
