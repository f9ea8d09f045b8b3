import type { ScalarFunction } from '../scalar-function.js';
import { CONTAINS } from './contains.js';
import { ENDS_WITH } from './ends-with.js';
import { ILIKE } from './ilike.js';
import { LENGTH } from './length.js';
import { LIKE } from './like.js';
import { LOWER } from './lower.js';
import { REGEXP_MATCHES } from './regexp-matches.js';
import { REGEXP_REPLACE } from './regexp-replace.js';
import { REPLACE } from './replace.js';
import { SPLIT_PART } from './split-part.js';
import { STARTS_WITH } from './starts-with.js';
import { SUBSTR } from './substr.js';
import { TO_DATE } from './to-date.js';
import { TO_NUMBER } from './to-number.js';
import { TRIM } from './trim.js';
import { UPPER } from './upper.js';

/** The string functions, one file each. */
export const STRING_FUNCTIONS: readonly ScalarFunction[] = [
  LOWER,
  UPPER,
  TRIM,
  LENGTH,
  CONTAINS,
  STARTS_WITH,
  ENDS_WITH,
  LIKE,
  ILIKE,
  REGEXP_MATCHES,
  REPLACE,
  REGEXP_REPLACE,
  SUBSTR,
  SPLIT_PART,
  TO_NUMBER,
  TO_DATE,
];
