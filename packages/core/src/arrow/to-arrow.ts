import type { Table } from 'apache-arrow';
import type { DataFrame } from '../data-frame.js';
import { ArrowExporter, arrowSchemaFor } from './arrow-exporter.js';
import { arrowModule } from './arrow-module.js';

/**
 * A frame as an Arrow table, one record batch per chunk. Buffers are shared, not copied, where the
 * layouts agree (numbers, int64, strings, bools, validity, categorical codes of the key width);
 * a categorical column's dictionary is one Arrow dictionary grown by deltas across batches.
 */
export function toArrow(df: DataFrame): Table {
  const schema = arrowSchemaFor(df.chunks, { schema: df.schema });
  const exporter = new ArrowExporter(schema);
  const { Table } = arrowModule();
  return new Table(
    schema,
    df.chunks.map((c) => exporter.toRecordBatch(c)),
  );
}
