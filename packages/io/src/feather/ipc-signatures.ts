import { ascii, type FileSignature } from '../file-signature.js';

/** Feather v2 is the Arrow IPC file format: `ARROW1` at the start (and end). */
export const FEATHER_SIGNATURE: FileSignature<'feather'> = {
  name: 'feather',
  description: 'Feather v2 / Arrow IPC',
  at: 'head',
  matches: ({ head }) => ascii(head, 0, 6) === 'ARROW1',
};

/** Feather v1 (`FEA1`), an older layout: recognised, to be refused clearly. */
export const FEATHER_V1_SIGNATURE: FileSignature<'feather-v1'> = {
  name: 'feather-v1',
  description: 'Feather v1',
  at: 'head',
  matches: ({ head }) => ascii(head, 0, 4) === 'FEA1',
  unsupported: {
    message: 'Feather v1 is not supported; re-save as v2',
    hint: 'pyarrow: feather.write_feather(df, path, version=2); R arrow: write_feather(df, path)',
  },
};

/** The Arrow IPC stream format: a message, which starts with the continuation marker 0xFFFFFFFF. */
export const ARROW_STREAM_SIGNATURE: FileSignature<'arrow-stream'> = {
  name: 'arrow-stream',
  description: 'an Arrow IPC stream',
  at: 'head',
  matches: ({ head, size }) => size >= 8 && new DataView(head.buffer, head.byteOffset).getUint32(0, true) === 0xffffffff,
};

/** What the Feather reader accepts: both Arrow IPC formats (see `expectFormat`). */
export const EXPECT_ARROW_IPC = {
  format: 'feather',
  accepts: [FEATHER_SIGNATURE, ARROW_STREAM_SIGNATURE],
  title: 'Feather v2 / Arrow IPC file',
  missing: 'ARROW1 magic or stream marker',
} as const;
