import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const tmp = makeTestDir('df-stream-read-flags');
const READING_COMMANDS = ['agg', 'head', 'schema', 'info', 'convert'];
const READ_FLAGS = [
  '--delimiter',
  '--quote',
  '--no-header',
  '--skip-rows',
  '--null-values',
  '--date-format',
  '--timestamp-format',
  '--encoding',
  '--on-bad-row',
  '--dtype',
  '--chunk-size',
];

describe('the reader options as CLI flags', () => {
  it('every reading command lists every reading flag in its help', () => {
    for (const command of READING_COMMANDS) {
      const help = runCli([command, '--help']);
      expect(help.code, command).toBe(0);
      for (const flag of READ_FLAGS) expect(help.stdout, `${command} ${flag}`).toContain(flag);
    }
  });

  it('--date-format, --timestamp-format, --dtype, --null-values, --skip-rows and --quote reach the reader', () => {
    const path = tmp.write('eu.csv', "exported 2024-05-01\nid;day;at;note\n'007';31/12/1999;12/31/1999 23:05;'a;b'\n'010';1/2/2024;1/2/2024 09:00;-\n");
    const r = runCli([
      'head',
      path,
      '--skip-rows',
      '1',
      '--delimiter',
      ';',
      '--quote',
      "'",
      '--date-format',
      '%d/%m/%Y',
      '--timestamp-format',
      '%m/%d/%Y %H:%M',
      '--dtype',
      'id=int32',
      '--null-values',
      '-',
      '--format',
      'ndjson',
    ]);
    expect(r.stderr).toBe('');
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { id: 7, day: '1999-12-31', at: '1999-12-31T23:05:00.000Z', note: 'a;b' },
      { id: 10, day: '2024-02-01', at: '2024-01-02T09:00:00.000Z', note: null },
    ]);
  });

  it('--on-bad-row and --encoding change what is read; the errors without them name the flag', () => {
    const ragged = tmp.write('ragged.csv', 'a,b\n1,2\n3\n4,5\n');
    const failed = runCli(['head', ragged]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/ragged\.csv:3: expected 2 fields, found 1/);
    expect(failed.stderr).toContain('hint: use --on-bad-row skip or --on-bad-row null-pad');
    expect(failed.stderr).not.toContain('onBadRow');
    expect(runCli(['head', ragged, '--on-bad-row', 'skip']).stdout).toBe('a,b\n1,2\n4,5\n');
    expect(runCli(['head', ragged, '--on-bad-row', 'null-pad']).stdout).toBe('a,b\n1,2\n3,\n4,5\n');

    const latin = tmp.write('latin.csv', Buffer.from('city\nZ\xfcrich\n', 'latin1'));
    const bad = runCli(['head', latin]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('hint: pass --encoding latin1');
    expect(runCli(['head', latin, '--encoding', 'latin1']).stdout).toBe('city\nZürich\n');

    const typed = tmp.write('typed.csv', 'x\n1\noops\n');
    const wrong = runCli(['head', typed, '--dtype', 'x=int8']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('hint: use --dtype x=utf8 to read the column as text');
  });

  it('bad reading flags are one-line usage errors (exit 2)', () => {
    const path = tmp.write('ok.csv', 'a\n1\n');
    for (const args of [
      ['--dtype', 'a'],
      ['--dtype', 'a=int128'],
      ['--encoding', 'utf16'],
      ['--on-bad-row', 'ignore'],
      ['--skip-rows', '-1'],
      ['--quote', '""'],
      ['--date-format', '%d/%q'],
    ]) {
      const r = runCli(['head', path, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0], args.join(' ')).toMatch(/^df-stream: error: /);
      expect(r.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }
  });
});
