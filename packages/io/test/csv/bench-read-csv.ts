/**
 * Throughput of the CSV reader (not a timed test): `node --import tsx packages/io/test/csv/bench-read-csv.ts
 * FILE MODE` with MODE `all` (every column), `two` (usecols id1,v1) or `csv-parse` (the reference parser,
 * records only). Run it under `/usr/bin/time -v` for peak RSS. `cpuSeconds` (user + system of the scan alone) and
 * `mbPerCpuSecond` are steadier than wall time on a shared machine.
 */
import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import { scanCsv } from '../../src/csv/index.js';

async function main(): Promise<void> {
  const [file, mode = 'all'] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: bench-read-csv.ts FILE [all|two|csv-parse]');
  const bytes = statSync(file).size;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let rows = 0;
  let chunks = 0;
  if (mode === 'csv-parse') {
    const parser = createReadStream(file).pipe(parse({ from_line: 2 }));
    for await (const record of parser as AsyncIterable<string[]>) if (record.length > 0) rows++;
  } else {
    const frame = scanCsv(file, mode === 'two' ? { usecols: ['id1', 'v1'] } : {});
    for await (const chunk of frame) {
      rows += chunk.numRows;
      chunks++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const mbps = bytes / 1e6 / seconds;
  console.log(
    JSON.stringify({
      mode,
      rows,
      chunks,
      seconds: +seconds.toFixed(3),
      mbPerSecond: +mbps.toFixed(1),
      cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(3),
      mbPerCpuSecond: +(bytes / (cpu.user + cpu.system)).toFixed(1),
      rssMB: Math.round(process.memoryUsage().rss / 1e6),
    }),
  );
}

await main();
