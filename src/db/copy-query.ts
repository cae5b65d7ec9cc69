import type { CompiledQuery } from 'kysely';
import type { CopyQuery } from './database.js';

/**
 * The one place values are written into SQL text by hand. `COPY (query) TO` cannot take bind parameters, so a
 * compiled query's `$n` placeholders are replaced by string literals holding the text the drivers would have
 * sent for them (node-postgres and PGlite both send parameters as untyped text), so each literal is typed by its
 * context exactly as the parameter was: `'42'` compared with an integer column is an integer, as `$1` was.
 */
export function inlineParameters(compiled: Pick<CompiledQuery, 'sql' | 'parameters'>): string {
  const { sql: text, parameters } = compiled;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const skip = skippedSpan(text, i);
    if (skip > i) {
      out += text.slice(i, skip);
      i = skip;
    } else if (c === '$' && /[0-9]/.test(text[i + 1] ?? '') && !/[\w$]/.test(text[i - 1] ?? '')) {
      let end = i + 1;
      while (end < text.length && /[0-9]/.test(text[end]!)) end++;
      const index = Number(text.slice(i + 1, end)) - 1;
      if (index < 0 || index >= parameters.length) throw new Error(`no parameter for ${text.slice(i, end)}`);
      out += textLiteral(parameterText(parameters[index]));
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The statement COPY runs for `query`, writing to `target`; `placeholders` keeps `$n` (for the SQL recorder). */
export function copyToStatement(
  query: CopyQuery,
  target: string,
  options?: { placeholders?: boolean },
): string {
  if (typeof query === 'string') return `COPY (${query}) TO ${target}`;
  const compiled = 'sql' in query ? query : query.compile();
  const text = options?.placeholders ? compiled.sql : inlineParameters(compiled);
  return `COPY (${text}) TO ${target}`;
}

/**
 * Where a quoted string, quoted identifier, comment or dollar-quoted body starting at `i` ends (past its close), or
 * `i` when none starts there: placeholders inside them are text, not parameters.
 */
function skippedSpan(text: string, i: number): number {
  const c = text[i];
  if (c === "'" || c === '"') {
    let j = i + 1;
    for (;;) {
      const close = text.indexOf(c, j);
      if (close < 0) return text.length;
      if (text[close + 1] !== c) return close + 1;
      j = close + 2;
    }
  }
  if (c === '-' && text[i + 1] === '-') {
    const end = text.indexOf('\n', i);
    return end < 0 ? text.length : end;
  }
  if (c === '/' && text[i + 1] === '*') {
    const end = text.indexOf('*/', i + 2);
    return end < 0 ? text.length : end + 2;
  }
  if (c === '$' && !/[\w$]/.test(text[i - 1] ?? '')) {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
    if (tag) {
      const end = text.indexOf(tag[0], i + tag[0].length);
      return end < 0 ? text.length : end + tag[0].length;
    }
  }
  return i;
}

/** The text a driver sends for a parameter value. */
function parameterText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot inline the number ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayText(value);
  return JSON.stringify(value);
}

/** An array parameter as PostgreSQL's array literal text: every element double-quoted, NULL bare. */
function arrayText(values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (Array.isArray(v)) return arrayText(v);
    const text = parameterText(v);
    return text === null ? 'NULL' : `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

/**
 * Text as a SQL string literal, or NULL. Quotes are doubled; with a backslash the escape-string form (E'…') is
 * used with backslashes doubled, so the literal means the same whatever standard_conforming_strings says. NUL
 * cannot be held by PostgreSQL text and is refused.
 */
function textLiteral(text: string | null): string {
  if (text === null) return 'NULL';
  if (text.includes('\0'))
    throw new Error('a parameter holds a NUL character, which PostgreSQL text cannot hold');
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}
