import Papa from 'papaparse/papaparse.min.js';

/**
 * Splits delimited text into rows of cells with papaparse (quotes, escaped quotes and embedded
 * delimiters handled there). Rows are split on '\n' only: the caller normalises line endings.
 */
export function splitDelimited(text: string, delimiter: string): string[][] {
  return Papa.parse(text, { delimiter, newline: '\n', quoteChar: '"', header: false, skipEmptyLines: false })
    .data;
}
