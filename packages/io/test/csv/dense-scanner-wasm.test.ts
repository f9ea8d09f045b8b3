import { describe, expect, it } from 'vitest';
import { DenseScanner } from '../../src/csv/read/dense-scanner.js';

describe('the WebAssembly dense scanner', () => {
  it('loads on this runtime (without it, every row would take the slow general loop)', () => {
    expect(DenseScanner.create(1000)).not.toBeNull();
  });

  it('returns separator positions and rows, stopping at a bad row, the range end and an unfinished row', () => {
    const scanner = DenseScanner.create(1000);
    if (scanner === null) throw new Error('no WebAssembly SIMD');
    const text = new TextEncoder().encode('xx,a,b\nc,dd,e\nf,g,hhh\ni,j\nk,l,m\n');
    const params = { delimiter: 0x2c, useCr: false, crlf: false, perRow: 3, rowsCap: 100, maxLineBytes: 1000, rangeEnd: 1000 };
    // Three good rows, then the short row "i,j" stops the scan.
    expect(scanner.scan(text, 0, text.length, params)).toBe(3);
    expect(Array.from(scanner.seps.subarray(0, 10))).toEqual([-1, 2, 4, 6, 8, 11, 13, 15, 17, 21]);
    // From byte 7 (row two) the positions are still buffer positions.
    expect(scanner.scan(text, 7, text.length, params)).toBe(2);
    expect(Array.from(scanner.seps.subarray(0, 7))).toEqual([6, 8, 11, 13, 15, 17, 21]);
    expect(scanner.reachedRangeEnd).toBe(false);
    expect(scanner.scan(text, 0, text.length, { ...params, rangeEnd: 7 })).toBe(1);
    expect(scanner.reachedRangeEnd).toBe(true);
    expect(scanner.scan(text, 0, text.length, { ...params, rowsCap: 2 })).toBe(2);
    // The bytes end inside row three: two rows.
    expect(scanner.scan(text, 0, 20, params)).toBe(2);
    // Row three (7 bytes before its line feed) is too long for maxLineBytes 7.
    expect(scanner.scan(text, 0, text.length, { ...params, maxLineBytes: 7 })).toBe(2);
    // Rows far longer than the bytes a scan copies at first (it copies about what its rows took so far).
    const long = new TextEncoder().encode(`${'x'.repeat(5000)},y,z\n`.repeat(3));
    expect(scanner.scan(long, 0, long.length, { ...params, rowsCap: 1, maxLineBytes: 10000, rangeEnd: 1e6 })).toBe(1);
    expect(scanner.scan(long, 0, long.length, { ...params, maxLineBytes: 10000, rangeEnd: 1e6 })).toBe(3);
    expect(scanner.seps[9]).toBe(long.length - 1);
    const crlf = new TextEncoder().encode('a,b\r\nc,d\r\ne,f\n');
    const crlfParams = { ...params, useCr: true, crlf: true, perRow: 3 };
    expect(scanner.scan(crlf, 0, crlf.length, crlfParams)).toBe(2);
    expect(Array.from(scanner.seps.subarray(0, 7))).toEqual([-1, 1, 3, 4, 6, 8, 9]);
  });
});
