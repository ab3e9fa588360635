/** RFC 4180 CSV: just what the knowledge export needs, no dependency. */

/** One parsed record and the (1-based) line it starts on, for error messages. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Raised for CSV that cannot be read (an unclosed quote, text after a closing quote). */
export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

/**
 * Parse CSV text: comma-separated, fields optionally in double quotes ("" for a quote), quoted
 * fields may span lines; CRLF or LF line ends; a leading byte-order mark is ignored. Line ends
 * inside fields come back as "\n". Blank lines are skipped.
 * @throws CsvSyntaxError with the line of the problem.
 */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (src[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= src.length) throw new CsvSyntaxError('a quoted field is never closed', quoteLine);
          const c = src[i]!;
          if (c === '"') {
            if (src[i + 1] === '"') { value += '"'; i += 2; continue; }
            i++;
            break;
          }
          if (c === '\r' && src[i + 1] === '\n') { value += '\n'; i += 2; line++; continue; }
          if (c === '\n' || c === '\r') { value += '\n'; i++; line++; continue; }
          value += c;
          i++;
        }
        if (i < src.length && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') {
          throw new CsvSyntaxError('unexpected text after a closing quote (quotes inside a field are written "")', line);
        }
      } else {
        while (i < src.length && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') {
          if (src[i] === '"') throw new CsvSyntaxError('a quote inside an unquoted field (put the field in quotes and write "" for a quote)', line);
          value += src[i];
          i++;
        }
      }
      fields.push(value);
      if (src[i] === ',') { i++; continue; }
      break;
    }
    // End of record: CRLF, LF, CR or the end of the text.
    if (src[i] === '\r' && src[i + 1] === '\n') i += 2;
    else if (src[i] === '\n' || src[i] === '\r') i++;
    line++;
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return records;
}

const needsQuotes = /[",\r\n]|^\s|\s$/;

/** Write records as CSV with CRLF line ends, quoting only fields that need it. */
export function stringifyCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map((f) => (needsQuotes.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')).join('\r\n') + '\r\n';
}
