import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFrame } from '@df-stream/core';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { FormatError, readFeather, writeFeather } from '../../src/feather/index.js';

// Regression cases of `pnpm fuzz` (issue 22): Arrow IPC files whose lengths apache-arrow trusts. Each file is a valid
// one written here with one length overwritten, found by walking the flatbuffers (not by fixed offsets, which a
// writer change would move). Before the framing check (check-ipc-framing.ts) the vector counts made apache-arrow
// loop over 2^24 entries and more (2^27 ran 90-300 s and aborted out of memory), and the buffer offset read
// nothing and gave rows anyway.

const { dir } = makeTestDir('df-stream-feather-corrupt');
const frame = DataFrame.fromColumns({ id: [1, 2, 3, 4], city: ['a', 'b', 'a', 'c'], v: [1.5, 2.5, null, 4] }, { chunkSize: 2 });

/** Position of field `slot` of the flatbuffer table at `table` (undefined when absent). */
function field(view: DataView, table: number, slot: number): number | undefined {
  const vtable = table - view.getInt32(table, true);
  const offset = slot * 2 + 4 < view.getUint16(vtable, true) ? view.getUint16(vtable + 4 + 2 * slot, true) : 0;
  return offset === 0 ? undefined : table + offset;
}

const target = (view: DataView, at: number): number => at + view.getUint32(at, true);

/** The first record batch's RecordBatch table and Message table (IPC messages follow each other from `start`). */
function firstRecordBatch(view: DataView, start: number): { message: number; batch: number } {
  let at = start;
  for (;;) {
    const length = view.getInt32(at + 4, true);
    const message = target(view, at + 8);
    const headerType = view.getUint8(field(view, message, 1)!);
    if (headerType === 3) return { message, batch: target(view, field(view, message, 2)!) };
    const bodyAt = field(view, message, 3);
    at += 8 + length + (bodyAt === undefined ? 0 : Number(view.getBigInt64(bodyAt, true)));
  }
}

async function corrupted(name: string, change: (view: DataView, batch: { message: number; batch: number }) => void): Promise<string> {
  const path = join(dir, name);
  await writeFeather(frame, path);
  const bytes = new Uint8Array(readFileSync(path));
  const view = new DataView(bytes.buffer);
  change(view, firstRecordBatch(view, name.endsWith('.arrows') ? 0 : 8));
  writeFileSync(path, bytes);
  return path;
}

async function refusal(path: string): Promise<FormatError> {
  const error = await readFeather(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FormatError);
  const e = error as FormatError;
  expect(e.code).toBe('malformed');
  expect(e.message).toContain(path);
  expect(e.message).not.toContain('\n');
  return e;
}

describe('Arrow IPC lengths apache-arrow would trust', () => {
  it('refuses a record batch whose nodes vector claims 2^24 entries (a stream), at once', async () => {
    const path = await corrupted('nodes.arrows', (view, { batch }) => view.setUint32(target(view, field(view, batch, 1)!), 2 ** 24, true));
    const started = performance.now();
    const e = await refusal(path);
    expect(e.message).toMatch(/the 16777216-element vector in field 1 of a RecordBatch table lies outside the \d+-byte flatbuffer/);
    expect(e.batch).toBe(0);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses a record batch whose buffers vector claims 2^24 entries (a file)', async () => {
    const path = await corrupted('buffers.feather', (view, { batch }) => view.setUint32(target(view, field(view, batch, 2)!), 2 ** 24, true));
    expect((await refusal(path)).message).toMatch(/the 16777216-element vector in field 2 of a RecordBatch table lies outside/);
  });

  it('refuses a buffer that lies outside its message body instead of reading rows from nothing', async () => {
    // Buffer { offset: int64, length: int64 }: the first buffer's offset, past any body.
    const path = await corrupted('offset.arrows', (view, { batch }) => view.setBigInt64(target(view, field(view, batch, 2)!) + 4, 2n ** 40n, true));
    expect((await refusal(path)).message).toMatch(/buffer 0 \(bytes 1099511627776\.\.1099511627776\) lies outside its \d+-byte message body/);
  });

  it('refuses a body length past the end of the file before reading it', async () => {
    const path = await corrupted('body.feather', (view, { message }) => view.setBigInt64(field(view, message, 3)!, 2n ** 40n, true));
    expect((await refusal(path)).message).toMatch(/gives its body a length of 1099511627776 bytes; \d+ bytes of data follow/);
  });

  it('refuses a footer length larger than the file (apache-arrow said "Cannot read properties of null")', async () => {
    const path = await corrupted('footer.feather', (view) => view.setInt32(view.byteLength - 10, 2 ** 31 - 1, true));
    expect((await refusal(path)).message).toContain('the footer length (2147483647 bytes) does not fit in the file');
  });

  it('still reads the valid files the corruptions start from', async () => {
    for (const name of ['valid.feather', 'valid.arrows']) {
      const path = join(dir, name);
      await writeFeather(frame, path);
      expect((await readFeather(path)).toRecords()).toEqual(frame.toRecords());
    }
  });
});
