import { readdirSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Value } from '@df-stream/core';
import { dtypeOfArrowType } from '@df-stream/core/internal';
import { RecordBatchReader } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readFeather } from '../../src/feather/index.js';
import { FormatError } from '../../src/format-error.js';
import { corpusDir } from '../parquet/corpus-dir.js';

const root = corpusDir('arrow-testing');
const integration = root === undefined ? undefined : join(root, 'arrow-ipc-stream', 'integration');

interface GoldType {
  name: string;
  bitWidth?: number;
  isSigned?: boolean;
  unit?: string;
  scale?: number;
}
interface GoldField {
  name: string;
  type: GoldType;
  dictionary?: { id: number };
}
interface GoldColumn {
  name: string;
  count: number;
  VALIDITY?: number[];
  DATA?: unknown[];
}
interface Gold {
  schema: { fields: GoldField[] };
  batches: { count: number; columns: GoldColumn[] }[];
  dictionaries?: { id: number; data: { columns: GoldColumn[] } }[];
}

const DAY_MS = 86_400_000n;
const TO_MICROS: Record<string, (v: bigint) => bigint> = {
  SECOND: (v) => v * 1_000_000n,
  MILLISECOND: (v) => v * 1000n,
  MICROSECOND: (v) => v,
  NANOSECOND: (v) => (v >= 0n || v % 1000n === 0n ? v / 1000n : v / 1000n - 1n),
};

/** The value we expect for one gold JSON cell (Arrow's integration JSON format). */
function expected(type: GoldType, raw: unknown): Value {
  switch (type.name) {
    case 'null':
      return null;
    case 'bool':
      return raw as boolean;
    case 'int':
      return normalize(BigInt(String(raw)));
    case 'floatingpoint':
      return Number(raw);
    case 'utf8':
    case 'largeutf8':
      return raw as string;
    case 'binary':
    case 'largebinary':
      return new TextDecoder().decode(Buffer.from(raw as string, 'hex'));
    case 'date':
      return type.unit === 'DAY' ? Number(raw) : Math.floor(Number(BigInt(String(raw))) / Number(DAY_MS));
    case 'timestamp':
      return normalize(TO_MICROS[type.unit as string](BigInt(String(raw))));
    case 'decimal':
      return type.scale === 0 ? normalize(BigInt(String(raw))) : Number(String(raw)) / 10 ** (type.scale ?? 0);
    default:
      throw new Error(`no expectation for ${type.name}`);
  }
}

function normalize(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

async function supportedColumns(path: string): Promise<string[]> {
  const handle = await open(path);
  try {
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    const names = reader.schema.fields.map((f) => f.name);
    return reader.schema.fields
      .filter((f) => names.indexOf(f.name) === names.lastIndexOf(f.name))
      .filter((f) => {
        try {
          dtypeOfArrowType(f.type, f.name);
          return true;
        } catch {
          return false;
        }
      })
      .map((f) => f.name);
  } finally {
    await handle.close();
  }
}

describe.skipIf(integration === undefined)('arrow-testing integration files', () => {
  const dir = integration as string;
  const cases =
    integration === undefined
      ? []
      : readdirSync(dir)
          .filter((d) => d !== '1.0.0-bigendian')
          .flatMap((d) =>
            readdirSync(join(dir, d))
              .filter((f) => f.endsWith('.json.gz'))
              .map((f) => join(dir, d, f.replace('.json.gz', ''))),
          );

  it('reads the supported columns of every .arrow_file and .stream and matches the gold JSON', async () => {
    const read: string[] = [];
    const refused: string[] = [];
    for (const base of cases) {
      const gold = JSON.parse(gunzipSync(readFileSync(`${base}.json.gz`)).toString('utf8')) as Gold;
      for (const path of [`${base}.arrow_file`, `${base}.stream`]) {
        let columns: string[];
        try {
          columns = await supportedColumns(path);
        } catch {
          columns = [];
        }
        if (columns.length === 0) {
          refused.push(`${path.slice(dir.length + 1)}: no column of a supported type`);
          continue;
        }
        let frame: Awaited<ReturnType<typeof readFeather>>;
        try {
          frame = await readFeather(path, { columns });
        } catch (error) {
          expect(error, path).toBeInstanceOf(FormatError);
          expect((error as FormatError).code, path).toBe('unsupported');
          refused.push(`${path.slice(dir.length + 1)}${(error as FormatError).message.slice(path.length)}`);
          continue;
        }
        read.push(`${path.slice(dir.length + 1)} [${columns.length} columns]`);
        const expectedRows = gold.batches.reduce((n, b) => n + b.count, 0);
        expect(frame.numRows, path).toBe(expectedRows);
        for (const name of columns) {
          const field = gold.schema.fields.find((f) => f.name === name) as GoldField;
          const actual = frame.column(name).toArray();
          const want: Value[] = [];
          for (const batch of gold.batches) {
            const col = batch.columns.find((c) => c.name === name) as GoldColumn;
            for (let i = 0; i < batch.count; i++) {
              if (col.VALIDITY !== undefined && col.VALIDITY[i] === 0) {
                want.push(null);
                continue;
              }
              if (field.dictionary !== undefined) {
                const dict = (gold.dictionaries ?? []).find((d) => d.id === field.dictionary?.id)?.data.columns[0] as GoldColumn;
                const key = Number(col.DATA?.[i]);
                want.push(dict.VALIDITY?.[key] === 0 ? null : expected(field.type, dict.DATA?.[key]));
              } else want.push(expected(field.type, col.DATA?.[i]));
            }
          }
          if (field.type.name === 'floatingpoint') {
            actual.forEach((v, i) => {
              if (want[i] === null || Number.isNaN(want[i])) expect(v === null ? null : Number.isNaN(v), `${path} ${name}[${i}]`).toBe(want[i] === null ? null : true);
              else expect(v as number, `${path} ${name}[${i}]`).toBeCloseTo(want[i] as number, 3);
            });
          } else expect(actual, `${path} ${name}`).toEqual(want);
        }
      }
    }
    console.log(`read:\n  ${read.join('\n  ')}\nrefused:\n  ${refused.join('\n  ')}`);
    expect(read.length).toBeGreaterThanOrEqual(26);
  });

  it('refuses big-endian files with a clear error instead of reading garbage', async () => {
    const big = join(dir, '1.0.0-bigendian', 'generated_primitive.arrow_file');
    await expect(readFeather(big)).rejects.toThrow(/big-endian Arrow IPC data is not supported/);
  });
});

describe.skipIf(root === undefined)('arrow-testing fuzz files', () => {
  it('give an error or read, never crash, hang or balloon memory', async () => {
    const dirs = [join(root as string, 'arrow-ipc-stream'), join(root as string, 'arrow-ipc-file')];
    let errors = 0;
    for (const dir of dirs) {
      for (const file of readdirSync(dir)) {
        const path = join(dir, file);
        if (!statSync(path).isFile() || file.endsWith('.md')) continue;
        const started = Date.now();
        const rss = process.memoryUsage().rss;
        try {
          await readFeather(path);
        } catch (error) {
          expect(error, file).toBeInstanceOf(FormatError);
          errors++;
        }
        // The whole corpus reads in well under a second; a file taking seconds would be a hang in the making.
        expect(Date.now() - started, file).toBeLessThan(5000);
        expect(process.memoryUsage().rss - rss, file).toBeLessThan(256 * 2 ** 20);
      }
    }
    expect(errors).toBeGreaterThan(100);
  });
});
