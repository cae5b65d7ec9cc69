/**
 * Model formulas in the R/fixest notation for the subset entas needs: `y ~ a + b + a:b`, `a*b` (= a + b + a:b),
 * `factor(x)` for fixed effects, `+ 1`/`+ 0`/`- 1` for the intercept. A hand-written tokenizer and
 * recursive-descent parser (the grammar is five rules) whose errors name the 1-based character position.
 */
import { say, UserError } from '../shared/errors.js';

/** One variable inside a term: a numeric column, or a categorical column expanded to level dummies. */
export interface Part {
  variable: string;
  factor: boolean;
}

/** A model term: a main effect (one part) or an interaction (several), named as written (`a:b`). */
export interface Term {
  name: string;
  parts: Part[];
}

export interface Formula {
  response: string;
  intercept: boolean;
  terms: Term[];
}

interface Token {
  kind: 'name' | 'number' | 'op' | 'end';
  text: string;
  /** 1-based character position in the formula. */
  pos: number;
}

const OPERATORS = new Set(['~', '+', '-', '*', ':', '(', ')']);

function formulaError(en: string, id: string): never {
  throw new UserError(say(`formula: ${en}`, `formula: ${id}`), 'bad_formula');
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const pos = i + 1;
    if (OPERATORS.has(c)) {
      tokens.push({ kind: 'op', text: c, pos });
      i++;
      continue;
    }
    const name = /^[A-Za-z_.][A-Za-z0-9_.]*/.exec(text.slice(i));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], pos });
      i += name[0].length;
      continue;
    }
    const number = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], pos });
      i += number[0].length;
      continue;
    }
    formulaError(
      `unexpected character "${c}" at position ${pos}`,
      `karakter "${c}" tidak dikenal pada posisi ${pos}`,
    );
  }
  tokens.push({ kind: 'end', text: '', pos: text.length + 1 });
  return tokens;
}

const describe = (t: Token) => (t.kind === 'end' ? 'end of formula' : `"${t.text}"`);
const describeId = (t: Token) => (t.kind === 'end' ? 'akhir formula' : `"${t.text}"`);

/** What one `a*b*…` chain contributes: terms, or an intercept switch (`1`, `0`). */
type Constant = { kind: 'constant'; value: 0 | 1; pos: number };
type Chain = { kind: 'terms'; terms: Part[][] } | Constant;

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private next(): Token {
    return this.tokens[this.at++]!;
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  private expectOp(text: string, what: string, whatId: string): void {
    const t = this.next();
    if (t.kind !== 'op' || t.text !== text)
      formulaError(
        `expected "${text}" ${what} at position ${t.pos}, found ${describe(t)}`,
        `diharapkan "${text}" ${whatId} pada posisi ${t.pos}, ditemukan ${describeId(t)}`,
      );
  }

  parse(): Formula {
    const first = this.next();
    if (first.kind !== 'name' || first.text === 'factor')
      formulaError(
        `expected the outcome column at position ${first.pos}, found ${describe(first)} (write "y ~ x")`,
        `diharapkan kolom hasil (outcome) pada posisi ${first.pos}, ditemukan ${describeId(first)} (tulis "y ~ x")`,
      );
    this.expectOp('~', 'after the outcome', 'setelah kolom hasil');
    let intercept = true;
    const terms: Part[][] = [];
    // The sign before each chain: a leading "-" (as in "y ~ -1 + x") or the "+"/"-" between chains.
    let sign: Token = { kind: 'op', text: '+', pos: 0 };
    if (this.isOp('-') || this.isOp('+')) sign = this.next();
    for (;;) {
      const chain = this.chain();
      if (chain.kind === 'constant') intercept = sign.text === '+' ? chain.value === 1 : chain.value === 0;
      else if (sign.text === '-')
        formulaError(
          `only the intercept can be removed ("- 1"); the "-" at position ${sign.pos} removes a term`,
          `hanya intersep yang dapat dihapus ("- 1"); tanda "-" pada posisi ${sign.pos} menghapus suku`,
        );
      else terms.push(...chain.terms);
      if (this.isOp('+') || this.isOp('-')) sign = this.next();
      else break;
    }
    const end = this.peek();
    if (end.kind !== 'end')
      formulaError(
        `unexpected ${describe(end)} at position ${end.pos}`,
        `${describeId(end)} tidak terduga pada posisi ${end.pos}`,
      );
    return { response: first.text, intercept, terms: uniqueTerms(terms) };
  }

  /** `p1 * p2 * …`: every non-empty subset of the products, smaller interactions first. */
  private chain(): Chain {
    const products: (Part[] | Constant)[] = [this.product()];
    while (this.isOp('*')) {
      this.next();
      products.push(this.product());
    }
    const constant = products.find((p): p is Constant => !Array.isArray(p));
    if (constant) {
      if (products.length > 1)
        formulaError(
          `"${constant.value}" at position ${constant.pos} cannot be multiplied`,
          `"${constant.value}" pada posisi ${constant.pos} tidak dapat dikalikan`,
        );
      return constant;
    }
    const parts = products as Part[][];
    const terms: Part[][] = [];
    for (let size = 1; size <= parts.length; size++)
      for (const subset of combinations(parts.length, size)) terms.push(subset.flatMap((k) => parts[k]!));
    return { kind: 'terms', terms };
  }

  /** `a:b:…` (an interaction), or a lone `0`/`1`. */
  private product(): Part[] | Constant {
    const first = this.peek();
    if (first.kind === 'number') {
      this.next();
      if (first.text !== '0' && first.text !== '1')
        formulaError(
          `only 0 and 1 (the intercept) may appear as numbers; found "${first.text}" at position ${first.pos}`,
          `hanya 0 dan 1 (intersep) yang boleh berupa angka; ditemukan "${first.text}" pada posisi ${first.pos}`,
        );
      if (this.isOp(':'))
        formulaError(
          `"${first.text}" at position ${first.pos} cannot be part of an interaction`,
          `"${first.text}" pada posisi ${first.pos} tidak dapat menjadi bagian interaksi`,
        );
      return { kind: 'constant', value: first.text === '1' ? 1 : 0, pos: first.pos };
    }
    const parts = [this.atom()];
    while (this.isOp(':')) {
      this.next();
      parts.push(this.atom());
    }
    return parts;
  }

  /** A column name or `factor(column)`. */
  private atom(): Part {
    const t = this.next();
    if (t.kind !== 'name')
      formulaError(
        `expected a column name or factor(column) at position ${t.pos}, found ${describe(t)}`,
        `diharapkan nama kolom atau factor(kolom) pada posisi ${t.pos}, ditemukan ${describeId(t)}`,
      );
    if (t.text !== 'factor' || !this.isOp('(')) return { variable: t.text, factor: false };
    this.next();
    const inner = this.next();
    if (inner.kind !== 'name')
      formulaError(
        `expected a column name inside factor( ) at position ${inner.pos}, found ${describe(inner)}`,
        `diharapkan nama kolom di dalam factor( ) pada posisi ${inner.pos}, ditemukan ${describeId(inner)}`,
      );
    this.expectOp(')', 'to close factor(', 'untuk menutup factor(');
    return { variable: inner.text, factor: true };
  }
}

function* combinations(n: number, size: number, from = 0): Generator<number[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let k = from; k <= n - size; k++)
    for (const rest of combinations(n, size - 1, k + 1)) yield [k, ...rest];
}

export const partName = (p: Part): string => (p.factor ? `factor(${p.variable})` : p.variable);

/** The same for every order of the parts: `a:b` and `b:a` are one term. */
export const termKey = (parts: readonly Part[]): string => parts.map(partName).sort().join(':');

/** Drops repeated parts inside a term (`a:a` = `a`) and repeated terms (`a:b` = `b:a`), keeping the first. */
function uniqueTerms(terms: Part[][]): Term[] {
  const seen = new Set<string>();
  const out: Term[] = [];
  for (const raw of terms) {
    const parts: Part[] = [];
    for (const p of raw) if (!parts.some((q) => partName(q) === partName(p))) parts.push(p);
    const key = termKey(parts);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: parts.map(partName).join(':'), parts });
  }
  return out;
}

/** Parses a formula such as `fte ~ nj * d` or `y ~ x + factor(village) - 1`. */
export function parseFormula(text: string): Formula {
  return new Parser(tokenize(text)).parse();
}
