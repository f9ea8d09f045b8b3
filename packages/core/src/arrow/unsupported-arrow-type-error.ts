/** An Arrow column whose type has no df-stream dtype (lists, structs, maps, wide decimals, ...). */
export class UnsupportedArrowTypeError extends Error {
  readonly column: string;
  readonly arrowType: string;

  constructor(column: string, arrowType: string, detail = '') {
    super(`column '${column}': unsupported type ${arrowType}${detail === '' ? '' : ` (${detail})`}`);
    this.name = 'UnsupportedArrowTypeError';
    this.column = column;
    this.arrowType = arrowType;
  }
}

/** Arrow data that breaks its own layout rules (offsets past the end, keys outside the dictionary). */
export class InvalidArrowDataError extends Error {
  readonly column: string;

  constructor(column: string, detail: string) {
    super(`column '${column}': invalid Arrow data: ${detail}`);
    this.name = 'InvalidArrowDataError';
    this.column = column;
  }
}
