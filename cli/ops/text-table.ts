export interface TextTableOptions {
  /** Column indexes to align right (counts, seconds). */
  readonly alignRight?: readonly number[];
}

/**
 * Formats rows as aligned columns under a header, two spaces apart, no trailing blanks.
 * Written here because one function is all the CLI needs from a table library.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: TextTableOptions = {},
): string {
  const right = new Set(options.alignRight ?? []);
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const render = (cells: readonly string[]) =>
    widths
      .map((width, column) => {
        const cell = cells[column] ?? "";
        return right.has(column) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  return [render(headers), ...rows.map(render)].join("\n");
}
