/**
 * One CSV line (RFC 4180). A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed
 * with an apostrophe, so a hostile display name cannot become a formula in an admin's spreadsheet.
 */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return (
    cells
      .map((cell) => {
        let text = cell === null || cell === undefined ? '' : String(cell);
        if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
        return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}
