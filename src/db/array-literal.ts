/**
 * PostgreSQL array literals for `unnest` parameters (`${intArrayLiteral(ids)}::bigint[]`), built in one pass.
 * pg's generic serialiser (prepareValue → arrayString) quotes and escapes element by element through several calls:
 * measured 690 ms for the 15 arrays of one 20,000-posting ledger batch (4.7 M characters), a quarter of the batch's
 * time on a loaded machine. Same text for PGlite and PostgreSQL.
 */

/** Integers (number or bigint) and nulls as `{1,2,NULL}`. Refuses a number that is not a safe integer. */
export function intArrayLiteral(values: readonly (number | bigint | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'bigint') out += v.toString();
    else if (Number.isSafeInteger(v)) out += String(v);
    else throw new RangeError(`not a safe integer: ${v}`);
  }
  return out + '}';
}

/** Text and nulls as `{"a","b \"c\"",NULL}`: every element quoted, backslash and double quote escaped. */
export function textArrayLiteral(values: readonly (string | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else out += `"${needsArrayEscape(v) ? v.replace(/[\\"]/g, '\\$&') : v}"`;
  }
  return out + '}';
}

function needsArrayEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 || c === 34) return true;
  }
  return false;
}
