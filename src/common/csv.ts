/** One CSV record and the 1-based line of the file it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field in
 * double quotes may hold commas, line breaks and doubled quotes (""). A leading UTF-8 BOM
 * is dropped. Blank lines are skipped but still counted, so `line` matches what an editor
 * shows. A quote inside an unquoted field, or text after a closing quote, is an error
 * rather than a guess.
 */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let fieldWasQuoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;

  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    const blankLine = fields.length === 0 && field === '' && !fieldWasQuoted;
    endField();
    if (!blankLine) records.push({ line: recordLine, fields });
    fields = [];
    fieldWasQuoted = false;
  };

  while (i < input.length) {
    const c = input[i];
    if (c === '"') {
      if (field !== '' || fieldWasQuoted) {
        throw new CsvSyntaxError(line, 'a double quote inside an unquoted field (quote the whole field and double the quote)');
      }
      const openedOn = line;
      fieldWasQuoted = true;
      i++;
      for (;;) {
        if (i >= input.length) throw new CsvSyntaxError(openedOn, 'a quoted field is never closed');
        if (input[i] === '"') {
          if (input[i + 1] !== '"') break;
          field += '"';
          i += 2;
        } else {
          if (input[i] === '\n') line++;
          field += input[i++];
        }
      }
      i++;
      const next = input[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(line, 'text after the closing quote of a field');
      }
    } else if (c === ',') {
      endField();
      fieldWasQuoted = false;
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && input[i + 1] === '\n' ? 2 : 1;
      recordLine = ++line;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || fields.length > 0 || fieldWasQuoted) endRecord();
  return records;
}
