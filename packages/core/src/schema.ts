import { INSPECT_CUSTOM, JUPYTER_DISPLAY, type MimeBundle } from './display/display-symbols.js';
import { schemaHtml } from './display/schema-html.js';
import type { DType } from './dtype.js';
import { DfError } from './errors/df-error.js';
import { listNames, quoteName } from './quote-name.js';

export interface Field {
  readonly name: string;
  readonly dtype: DType;
}

/** An ordered list of named, typed fields. */
export class Schema {
  readonly fields: readonly Field[];
  private readonly index: Map<string, number>;

  constructor(fields: readonly Field[]) {
    this.fields = fields;
    this.index = new Map(fields.map((f, i) => [f.name, i]));
    if (this.index.size !== fields.length) {
      const seen = new Set<string>();
      const dup = fields.find((f) => {
        if (seen.has(f.name)) return true;
        seen.add(f.name);
        return false;
      });
      throw new DfError('usage', `duplicate column name '${dup?.name}'`, { where: { column: dup?.name } });
    }
  }

  get names(): string[] {
    return this.fields.map((f) => f.name);
  }

  get length(): number {
    return this.fields.length;
  }

  indexOf(name: string): number {
    return this.index.get(name) ?? -1;
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  field(name: string): Field {
    const i = this.index.get(name);
    if (i === undefined) throw new ColumnNotFoundError(name, this.names);
    return this.fields[i];
  }

  select(names: readonly string[]): Schema {
    return new Schema(names.map((n) => this.field(n)));
  }

  equals(other: Schema): boolean {
    return this.fields.length === other.fields.length && this.fields.every((f, i) => f.name === other.fields[i].name && f.dtype === other.fields[i].dtype);
  }

  toString(): string {
    return this.fields.map((f) => `${f.name}: ${f.dtype}`).join('\n');
  }

  /** A notebook shows the fields as a table. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return { 'text/plain': this.toString(), 'text/html': schemaHtml(this.fields) };
  }

  [INSPECT_CUSTOM](): string {
    return `Schema {\n${this.toString().replace(/^/gm, '  ')}\n}`;
  }
}

/** A column name that is not in the schema; lists the available ones and the closest match. */
export class ColumnNotFoundError extends DfError {
  readonly column: string;
  readonly available: readonly string[];
  readonly suggestion: string | undefined;

  constructor(column: string, available: readonly string[]) {
    const suggestion = closest(column, available);
    const hint = suggestion === undefined ? '' : ` (did you mean ${quoteName(suggestion)}?)`;
    // Names come from files: shown cut and escaped, and a file of 40,000 columns lists its first few.
    super('usage', `column ${quoteName(column)} not found${hint}; available: ${listNames(available)}`, { where: { column } });
    this.name = 'ColumnNotFoundError';
    this.column = column;
    this.available = available;
    this.suggestion = suggestion;
  }
}

/** A longer name gets no suggestion: edit distance is quadratic, and no one mistypes a name this long. */
const MAX_SUGGESTED = 256;

function closest(name: string, candidates: readonly string[]): string | undefined {
  if (name.length > MAX_SUGGESTED) return undefined;
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: a candidate that far off cannot win (nor be computed at
    // length 300,000).
    if (Math.abs(c.length - name.length) > Math.min(limit, bestDistance)) continue;
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
