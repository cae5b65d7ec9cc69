/**
 * A small streaming CSV tokenizer (RFC 4180: quoted fields, doubled quotes, fields spanning lines; LF or CRLF).
 * It counts physical lines itself, so each record carries the line it starts on, even after multi-line quoted
 * fields or blank lines. Pure: text chunks in, records out.
 */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export class CsvSplitter {
  private rest = '';
  private line: number;

  /** `firstLine`: the line the text starts on (a later part of a file, cut at a record boundary). */
  constructor(
    private readonly delimiter: string,
    firstLine = 1,
  ) {
    this.line = firstLine;
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n') {
      throw new Error(`unsupported CSV delimiter ${JSON.stringify(delimiter)}`);
    }
  }

  /** Adds a chunk of text; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    return this.parse(this.rest + chunk, false);
  }

  /** Ends the input; returns the last record (a final line without newline). */
  end(): CsvRecord[] {
    return this.parse(this.rest, true);
  }

  private parse(text: string, final: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    const delim = this.delimiter;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const start = i;
      const startLine = this.line;
      let eol = text.indexOf('\n', i);
      // Blank line (or a lone \r): skipped, but counted.
      if (eol === i || (eol === i + 1 && text.charCodeAt(i) === 13)) {
        this.line += 1;
        i = eol + 1;
        continue;
      }
      const quote = text.indexOf('"', i);
      if (quote === -1 || (eol !== -1 && quote > eol)) {
        // Fast path: no quotes on this line.
        if (eol === -1 && !final) break;
        const end = eol === -1 ? n : eol;
        const lineText = text.charCodeAt(end - 1) === 13 ? text.slice(i, end - 1) : text.slice(i, end);
        out.push({ line: startLine, cells: lineText.split(delim) });
        this.line += 1;
        i = end + 1;
        continue;
      }
      const cells: string[] = [];
      let extraLines = 0;
      let complete = false;
      for (;;) {
        if (text.charCodeAt(i) === 34) {
          // Quoted field: up to the closing quote not followed by another quote.
          let j = i + 1;
          let value = '';
          for (;;) {
            const q = text.indexOf('"', j);
            if (q === -1) {
              j = -1;
              break;
            }
            if (text.charCodeAt(q + 1) === 34) {
              value += text.slice(j, q + 1);
              j = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) {
              j = -1; // the next chunk might start with a quote
              break;
            }
            value += text.slice(j, q);
            j = q + 1;
            break;
          }
          if (j === -1) {
            if (final)
              throw new CsvSyntaxError(`unclosed quoted field starting on line ${startLine}`, startLine);
            break;
          }
          for (let k = value.indexOf('\n'); k !== -1; k = value.indexOf('\n', k + 1)) extraLines += 1;
          cells.push(value);
          i = j;
          const c = text.charCodeAt(i);
          if (i >= n) {
            if (!final) break;
            complete = true;
            break;
          }
          if (c === delim.charCodeAt(0)) {
            i += 1;
            continue;
          }
          if (c === 10 || (c === 13 && text.charCodeAt(i + 1) === 10)) {
            i += c === 13 ? 2 : 1;
            complete = true;
            break;
          }
          if (c === 13 && i + 1 >= n && !final) break;
          throw new CsvSyntaxError(
            `unexpected character after a closing quote on line ${startLine + extraLines}`,
            startLine + extraLines,
          );
        }
        // Unquoted field: up to the next delimiter or end of line.
        eol = text.indexOf('\n', i);
        const d = text.indexOf(delim, i);
        if (d !== -1 && (eol === -1 || d < eol)) {
          cells.push(text.slice(i, d));
          i = d + 1;
          continue;
        }
        if (eol === -1) {
          if (!final) break;
          cells.push(text.slice(i));
          i = n;
          complete = true;
          break;
        }
        cells.push(text.charCodeAt(eol - 1) === 13 ? text.slice(i, eol - 1) : text.slice(i, eol));
        i = eol + 1;
        complete = true;
        break;
      }
      if (!complete) {
        i = start;
        break;
      }
      out.push({ line: startLine, cells });
      this.line += 1 + extraLines;
    }
    this.rest = text.slice(i);
    return out;
  }
}
