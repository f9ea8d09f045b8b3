import { readIpcMessage, SCHEMA_MESSAGE, TableReader, verifyIpcFlatbuffer } from '../../feather/read/ipc-flatbuffers.js';
import { readIpcSchema } from '../../feather/read/ipc-schema.js';

const NONE: ReadonlySet<string> = new Set();
/** An Arrow schema of a few thousand columns is a few hundred KB of base64; anything past this is not read. */
const MAX_SCHEMA_TEXT = 16 * 2 ** 20;

/**
 * The top-level fields a Parquet footer's `ARROW:schema` (the Arrow schema that arrow-rs, pyarrow and Polars keep
 * beside the Parquet one) gives a dictionary type: the writer held them as categorical, and they read back so whatever
 * their dictionary pages hold. Empty when there is no such entry or it cannot be read (a writer's malformed or newer
 * schema changes nothing but this hint). The entry is base64 of an IPC schema message, with or without the
 * 0xFFFFFFFF continuation marker before its length.
 */
export function arrowDictionaryFields(keyValues: ReadonlyMap<string, string>): ReadonlySet<string> {
  const text = keyValues.get('ARROW:schema');
  if (text === undefined || text === '' || text.length > MAX_SCHEMA_TEXT) return NONE;
  try {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length < 8) return NONE;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const at = view.getInt32(0, true) === -1 ? 8 : 4;
    const length = view.getInt32(at - 4, true);
    if (!(length > 0 && at + length <= bytes.length)) return NONE;
    const message = bytes.subarray(at, at + length);
    // Only a Schema message is read as one: the verifier checks the header as the type the message claims, so another
    // type's header could hold tables it never looked at (shared sub-tables a schema walk would follow exponentially).
    if (verifyIpcFlatbuffer(message, 'Message') !== undefined || readIpcMessage(message).headerType !== SCHEMA_MESSAGE) return NONE;
    const t = new TableReader(message);
    const schema = t.child(t.root(), 2);
    if (schema === undefined) return NONE;
    return new Set(
      readIpcSchema(t, schema)
        .filter((f) => f.dictionary !== undefined)
        .map((f) => f.name),
    );
  } catch {
    return NONE;
  }
}
