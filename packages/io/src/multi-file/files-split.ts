import type { Chunk, ScanOptions, ScanSource, SourceSplit } from '@df-stream/core';
import { Schema } from '@df-stream/core';
import { ChunkConformer } from '@df-stream/core/internal';
import { HiveColumns } from './hive-partitions.js';
import { expectSameColumns, type FilesSplitInfo, withHiveColumns } from './multi-file-source.js';

/**
 * A split of a multi-file source, rebuilt on a worker thread: parts of one or more files read one after another, each
 * by its file's own split reader, its chunks conformed to the union's columns and its partition values added as
 * constant columns (see `MultiFileSource.splits`). Filters are not pushed into it: the plan's ops apply them, after the
 * partition columns exist.
 */
export async function openFilesSplit(args: readonly unknown[], openInner: (split: SourceSplit) => Promise<ScanSource>): Promise<ScanSource> {
  const [info] = args as [FilesSplitInfo];
  const hive = new HiveColumns(info.hive);
  const schema = new Schema([...info.fields, ...info.hive.map(({ name, dtype }) => ({ name, dtype }))]);
  const hiveNames = info.hive.map((h) => h.name);
  let done = 0;
  let current: ScanSource | undefined;
  return {
    description: info.parts.map((p) => p.path).join(', '),
    schema: async () => schema,
    progress: () => ({ bytesRead: done + (current?.progress?.().bytesRead ?? 0) }),
    async *scan(options: ScanOptions = {}): AsyncGenerator<Chunk> {
      const wanted = options.columns ?? schema.names;
      const fileWanted = wanted.filter((n) => !hiveNames.includes(n));
      const conformer = new ChunkConformer(schema);
      done = 0;
      for (const part of info.parts) {
        const source = await openInner(part.split);
        const own = await source.schema();
        if (info.expect !== undefined) expectSameColumns(info.expect.names, info.expect.path, own.names, part.path);
        const asked = fileWanted.filter((n) => own.has(n));
        const columns = asked.length > 0 || own.length === 0 ? asked : [own.names[0]];
        current = source;
        for await (const chunk of source.scan({ columns, keyColumns: options.keyColumns })) {
          yield withHiveColumns(conformer.conform(chunk, fileWanted), chunk.numRows, wanted, info.hive, part.values, hive);
        }
        done += source.progress?.().bytesRead ?? 0;
        current = undefined;
      }
    },
  };
}
