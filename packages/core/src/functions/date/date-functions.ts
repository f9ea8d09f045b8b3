import type { ScalarFunction } from '../scalar-function.js';
import { DATE_TRUNC } from './date-trunc.js';
import { DAY } from './day.js';
import { EPOCH_MS } from './epoch-ms.js';
import { HOUR } from './hour.js';
import { MINUTE } from './minute.js';
import { MONTH } from './month.js';
import { SECOND } from './second.js';
import { WEEKDAY } from './weekday.js';
import { YEAR } from './year.js';

/** The date and timestamp functions, one file each. */
export const DATE_FUNCTIONS: readonly ScalarFunction[] = [YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, WEEKDAY, DATE_TRUNC, EPOCH_MS];
