/**
 * Lays out one statement for reading. Hand-written SQL (it has line breaks) keeps its own layout, dedented;
 * Kysely's one-line output is broken before each clause, with subqueries indented. Text in quotes is untouched.
 */
export function formatSql(statement: string): string {
  const text = statement.trim();
  return text.includes('\n') ? dedent(text) : breakClauses(text);
}

function dedent(text: string): string {
  // Trailing spaces and lines left blank by empty fragments (sql``) go.
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l !== '');
  const rest = lines.slice(1).filter((l) => l.trim() !== '');
  const indent = Math.min(...rest.map((l) => /^ */.exec(l)![0].length));
  return [lines[0]!, ...lines.slice(1).map((l) => l.slice(Number.isFinite(indent) ? indent : 0))].join('\n');
}

const CLAUSES = [
  'from',
  'inner join',
  'left join',
  'right join',
  'full join',
  'cross join',
  'where',
  'group by',
  'having',
  'order by',
  'limit',
  'offset',
  'returning',
  'on conflict',
  'values',
  'set',
  'union all',
  'union',
  'for update',
];

function breakClauses(text: string): string {
  let out = '';
  const subquery: boolean[] = [];
  const indent = () => '  '.repeat(subquery.filter(Boolean).length);
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && !(text[j] === c && text[j + 1] !== c)) j += text[j] === c ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '(') {
      const opens = /^\(\s*(select|with)\b/i.test(text.slice(i));
      subquery.push(opens);
      out += opens ? `(\n${indent()}` : '(';
      i++;
      while (opens && text[i] === ' ') i++;
      continue;
    }
    if (c === ')') {
      const closes = subquery.pop() ?? false;
      out += closes ? `\n${indent()})` : ')';
      i++;
      continue;
    }
    if (c === ' ') {
      const rest = text.slice(i + 1, i + 12).toLowerCase();
      const clause = CLAUSES.find((k) => rest.startsWith(k) && /[\s(]|$/.test(text[i + 1 + k.length] ?? ''));
      if (clause) {
        out += `\n${indent()}`;
        i++;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}
