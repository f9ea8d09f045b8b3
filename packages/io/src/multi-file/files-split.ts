import type { Chunk, ScanOptions, ScanSource, SourceSplit } from '@df-stream/core';
import { Schema } from '@df-stream/core';
import { ChunkConformer } from '@df-stream/core/internal';
import { HiveColumns } from './hive-partitions.js';
import { type FilesSplitInfo, withHiveColumns } from './multi-file-source.js';

/**
 * One file's split of a multi-file source, rebuilt on a worker thread: the file's own split reader, its chunks
 * conformed to the union's columns, and its partition values as constant columns (see `MultiFileSource.splits`).
 * Filters are not pushed into it: the plan's ops apply them, after the partition columns exist.
 */
export async function openFilesSplit(args: readonly unknown[], openInner: (split: SourceSplit) => Promise<ScanSource>): Promise<ScanSource> {
  const [inner, info] = args as [SourceSplit, FilesSplitInfo];
  const source = await openInner(inner);
  const hive = new HiveColumns(info.hive);
  const schema = new Schema([...info.fields, ...info.hive.map(({ name, dtype }) => ({ name, dtype }))]);
  const hiveNames = info.hive.map((h) => h.name);
  return {
    description: source.description,
    schema: async () => schema,
    progress: () => source.progress?.() ?? { bytesRead: 0 },
    async *scan(options: ScanOptions = {}): AsyncGenerator<Chunk> {
      const wanted = options.columns ?? schema.names;
      const own = await source.schema();
      const fileWanted = wanted.filter((n) => !hiveNames.includes(n));
      const asked = fileWanted.filter((n) => own.has(n));
      const columns = asked.length > 0 || own.length === 0 ? asked : [own.names[0]];
      const conformer = new ChunkConformer(schema);
      for await (const chunk of source.scan({ columns, keyColumns: options.keyColumns })) {
        yield withHiveColumns(conformer.conform(chunk, fileWanted), chunk.numRows, wanted, info.hive, info.values, hive);
      }
    },
  };
}
