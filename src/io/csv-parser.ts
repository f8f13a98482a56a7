/** One parsed CSV row: its cells and the 1-based physical line where it starts. */
export interface CsvRow {
  readonly line: number;
  readonly cells: string[];
  /** Set when the row held invalid UTF-8 (its cells then carry U+FFFD there): the first such cell. */
  readonly invalidUtf8?: { readonly column: number; readonly line: number; readonly reason: string };
}

/** Broken quoting: the file cannot be read past it. */
export class CsvSyntaxError extends Error {
  constructor(
    /** 1-based line where the broken row starts. */
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;

const enum State {
  /** At the start of a field (white space before an opening quote is skipped). */
  FieldStart,
  /** Inside an unquoted field. */
  Unquoted,
  /** Inside a quoted field. */
  Quoted,
  /** Just after a quote inside a quoted field: an escaped quote or the closing one. */
  QuoteInQuoted,
  /** After the closing quote: only white space, then a separator or a line end. */
  AfterClose,
}

/**
 * An incremental RFC 4180 CSV parser over text chunks: `"` quoting with `""` escapes, `\n`,
 * `\r\n` or `\r` line ends (also inside quoted fields), white space around a quoted field ignored,
 * a quote inside an unquoted field kept as a character, blank and white-space-only lines skipped
 * (but counted). Every row carries the physical line it starts on.
 *
 * @example const p = new CsvParser(','); p.push('a,b\n1,'); p.push('2\n'); p.end() // rows of lines 1 and 2
 */
export class CsvParser {
  readonly #delimiter: number;
  readonly #quote: number;
  #rows: CsvRow[] = [];
  #cells: string[] = [];
  #field = '';
  /** True while the field so far is only spaces and tabs (a quote may still open it). */
  #blankField = true;
  #state = State.FieldStart;
  #line = 1;
  #recordLine = 1;
  /** A CR ended the last record: an LF right after it belongs to the same line end. */
  #skipLf = false;
  /** The last character inside a quoted field was a CR (an LF after it is the same line break). */
  #quotedCr = false;
  /** A quote opened a field of the current record (so a record of one empty cell is a row, not a blank line). */
  #sawQuote = false;
  #invalid: CsvRow['invalidUtf8'];

  /** A parser for one-character `delimiter` and `quote` (`null`: no quoting). */
  constructor(delimiter: string, quote: string | null) {
    this.#delimiter = delimiter.charCodeAt(0);
    this.#quote = quote === null ? -1 : quote.charCodeAt(0);
  }

  /** The physical line being read (1-based). */
  get line(): number {
    return this.#line;
  }

  /** The 0-based index of the cell being read in the current row. */
  get column(): number {
    return this.#cells.length;
  }

  /** Notes that the current cell holds invalid UTF-8 (the first note of a row is kept). */
  markInvalidUtf8(reason: string): void {
    this.#invalid ??= { column: this.column, line: this.#line, reason };
  }

  /** Parses `text` and returns the rows it completed. @throws CsvSyntaxError on broken quoting. */
  push(text: string): CsvRow[] {
    const delimiter = this.#delimiter;
    const quote = this.#quote;
    let start = 0; // start of the pending slice of an unquoted or quoted field in `text`
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.#skipLf) {
        this.#skipLf = false;
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      switch (this.#state) {
        case State.FieldStart:
        case State.Unquoted:
          if (c === delimiter || c === LF || c === CR) {
            this.#field += text.slice(start, i);
            this.#endField();
            if (c !== delimiter) this.#endRecord(c);
            start = i + 1;
          } else if (c === quote && this.#blankField) {
            this.#field = '';
            this.#state = State.Quoted;
            this.#sawQuote = true;
            start = i + 1;
          } else {
            if (c !== SPACE && c !== TAB) this.#blankField = false;
            this.#state = State.Unquoted;
          }
          break;
        case State.Quoted:
          if (c === quote) {
            this.#field += text.slice(start, i);
            this.#state = State.QuoteInQuoted;
            start = i + 1;
          } else if (c === CR || (c === LF && !this.#quotedCr)) {
            // A line break inside the field: counted, and kept in the field as written.
            this.#line++;
          }
          this.#quotedCr = c === CR;
          break;
        case State.QuoteInQuoted:
          if (c === quote) {
            // An escaped quote: keep one, stay inside the field.
            this.#state = State.Quoted;
            start = i;
          } else {
            // The quote closed the field.
            this.#afterClose(c, text, i);
            start = i + 1;
          }
          break;
        case State.AfterClose:
          this.#afterClose(c, text, i);
          start = i + 1;
          break;
      }
    }
    if (this.#state === State.FieldStart || this.#state === State.Unquoted || this.#state === State.Quoted) this.#field += text.slice(start);
    return this.#take();
  }

  /** Ends the input: returns the last row, if any. @throws CsvSyntaxError when a quoted field is never closed. */
  end(): CsvRow[] {
    if (this.#state === State.Quoted) throw new CsvSyntaxError(this.#recordLine, 'a quoted field is never closed');
    if (this.#state !== State.FieldStart || this.#cells.length > 0 || this.#field !== '') {
      this.#endField();
      this.#finishRecord();
    }
    return this.#take();
  }

  /** A character after a field's closing quote: white space, then a separator or a line end. */
  #afterClose(c: number, text: string, i: number): void {
    this.#state = State.AfterClose;
    if (c === this.#delimiter || c === LF || c === CR) {
      this.#endField();
      if (c !== this.#delimiter) this.#endRecord(c);
    } else if (c !== SPACE && c !== TAB) {
      throw new CsvSyntaxError(this.#recordLine, `unexpected ${JSON.stringify(text[i])} after a closing quote`);
    }
  }

  #take(): CsvRow[] {
    const rows = this.#rows;
    this.#rows = [];
    return rows;
  }

  #endField(): void {
    this.#cells.push(this.#field);
    this.#field = '';
    this.#blankField = true;
    this.#state = State.FieldStart;
  }

  #endRecord(c: number): void {
    this.#finishRecord();
    this.#line++;
    this.#recordLine = this.#line;
    if (c === CR) this.#skipLf = true;
  }

  #finishRecord(): void {
    const cells = this.#cells;
    this.#cells = [];
    // A blank or white-space-only line is no row (a lone cell of spaces and tabs, never quoted).
    const blank = cells.length === 1 && !this.#sawQuote && /^[ \t]*$/.test(cells[0]!);
    if (!blank) this.#rows.push({ line: this.#recordLine, cells, ...(this.#invalid !== undefined ? { invalidUtf8: this.#invalid } : {}) });
    this.#invalid = undefined;
    this.#sawQuote = false;
    this.#quotedCr = false;
  }
}
