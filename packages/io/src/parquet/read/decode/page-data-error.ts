/** A problem in a page's bytes (the reader adds the file, row group and column). */
export class PageDataError extends Error {}

export function pageFail(detail: string): never {
  throw new PageDataError(detail);
}
