/**
 * CSV as RFC 4180 has it (quoted when needed, quotes doubled, CRLF between rows), plus the
 * spreadsheet guard (OWASP "CSV injection"): text a person typed that starts with = + - @ (or a
 * tab or carriage return) would run as a formula when the file is opened, so it gets a leading
 * apostrophe. Only text cells take the guard: the figures we write ("-3.20") stay numbers.
 */
export type CsvCell = { text: string } | { number: string };

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function text(value: string): CsvCell {
  return { text: value };
}

export function number(value: string): CsvCell {
  return { number: value };
}

function encodeCell(cell: CsvCell): string {
  const value = 'text' in cell ? (FORMULA_START.test(cell.text) ? `'${cell.text}` : cell.text) : cell.number;
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(encodeCell).join(',')}\r\n`;
}
