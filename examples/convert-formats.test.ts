import { makeTestDir } from '@df-stream/test-utils';
import { readFeather, readParquet } from 'df-stream';
import { describe, expect, it } from 'vitest';
import { type ConversionReport, main, weatherFrame } from './convert-formats.js';

describe('examples/convert-formats', () => {
  const { dir } = makeTestDir('convert-formats-test');
  const lines: string[] = [];
  let report: ConversionReport;

  it('writes Parquet and Feather and reads them back in 65,536-row chunks', async () => {
    report = await main(150_000, dir, (line) => lines.push(line));
    expect(report.rows).toBe(150_000);
    expect(report.chunkBytes.parquet.length).toBe(3);
    expect(report.chunkBytes.feather.length).toBe(3);
    expect(report.lines).toEqual(lines);
  });

  it('prints the size on disk of each file and the memory of each chunk', () => {
    const text = lines.join('\n');
    expect(text).toContain(`(${report.sizes.parquet} bytes)`);
    expect(text).toContain(`(${report.sizes.feather} bytes)`);
    expect(text).toMatch(/schema: station: categorical, day: date, at: timestamp, temp: float64, windy: bool/);
    expect(text).toMatch(/chunk 0: 65536 rows, .* in memory \(\d+\.\d bytes\/row\)/);
    // Parquet compresses; Feather (uncompressed IPC) is about the in-memory size.
    expect(report.sizes.parquet).toBeLessThan(report.sizes.feather);
  });

  it('keeps every value through both formats', async () => {
    const expected = weatherFrame(150_000).toRecords();
    expect((await readParquet(report.paths.parquet)).toRecords()).toEqual(expected);
    expect((await readFeather(report.paths.feather)).toRecords()).toEqual(expected);
  });
});
