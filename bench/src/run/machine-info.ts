import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchRoot } from '../paths.js';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemGB: number;
  os: string;
  node: string;
  versions: Record<string, string>;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    versions: {
      '@duckdb/node-api': packageVersion('@duckdb/node-api'),
      'nodejs-polars': packageVersion('nodejs-polars'),
      'csv-parse': packageVersion('csv-parse'),
      '@df-stream/io': packageVersion('@df-stream/io'),
    },
  };
}

function packageVersion(name: string): string {
  try {
    const file = path.join(benchRoot, 'node_modules', name, 'package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}
