/**
 * A plan's lines (`ScanSource.explainLines`, result first) as `explain()` prints them: each step indented one
 * level under the one before. A line may hold several (a join's inputs, already indented under it): each of them
 * gets the step's indentation.
 */
export function renderPlanLines(lines: readonly string[]): string {
  return lines
    .map((line, depth) =>
      line
        .split('\n')
        .map((l) => `${'  '.repeat(depth)}${l}`)
        .join('\n'),
    )
    .join('\n');
}
