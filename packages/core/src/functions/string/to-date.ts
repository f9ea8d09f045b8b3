import { NumberColumn } from '../../column.js';
import { compileDateFormat } from '../date/compile-date-format.js';
import { parseIsoDateBytes } from '../date/parse-date-text.js';
import type { ScalarFunction } from '../scalar-function.js';
import { literalText, textArg } from './text-args.js';
import { entryKey, measureText, textLiteral, validWhereNumber } from './text-kernels.js';

/**
 * to_date(s[, format]): the text as a date, null where it does not parse. Without a format, ISO `YYYY-MM-DD`
 * (surrounding whitespace ignored); with one, a strftime subset (see compileDateFormat). Not DuckDB's strptime,
 * which gives a timestamp and fails the query on bad text.
 */
export const TO_DATE: ScalarFunction = {
  name: 'to_date',
  arity: [1, 2],
  literalArgs: [1],
  type: (args) => {
    textArg('to_date', args);
    const format = args.length > 1 ? literalText('to_date', args, 1, 'format') : null;
    if (format !== null) compileDateFormat('to_date', format);
    return 'date';
  },
  kernel: (args, n) => {
    const format = args.length > 1 ? textLiteral(args[1]) : null;
    const parse = format === null ? parseIsoDateBytes : compileDateFormat('to_date', format);
    const days = measureText(args[0], n, entryKey('to_date', format), parse, new Float64Array(n));
    return new NumberColumn('date', Int32Array.from(days), validWhereNumber(days));
  },
};
