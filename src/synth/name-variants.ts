import { MUHAMMAD_SPELLINGS, NICKNAMES } from './name-pools.js';
import { toOldSpelling } from './names.js';
import type { Rng } from '../shared/random.js';

/**
 * Ways the same name is written differently in another list. Each returns the changed name, or null when the
 * change does not apply to this name (so callers can count only real changes).
 */

/** Informal spelling alternatives seen in Indonesian registers (Arif/Arief, Yanti/Yanty, Khadijah/Hadijah…). */
const SPELLING_RULES: readonly (readonly [RegExp, string])[] = [
  [/y\b/, 'i'],
  [/(?<=[a-z])i\b/, 'y'],
  [/ie/, 'i'],
  [/(?<=[a-z])i(?=[fk]\b)/, 'ie'],
  [/f/, 'p'],
  [/ph/, 'f'],
  [/kh/, 'h'],
  [/Kh/, 'H'],
  [/sy/, 's'],
  [/Sy/, 'S'],
  [/z/, 'j'],
  [/Z/, 'J'],
  [/th/, 't'],
  [/Th/, 'T'],
  [/mm/, 'm'],
  [/(?<=[aeiou])m(?=[aeiou])/, 'mm'],
  [/t\b/, 'd'],
  [/(?<=[aeiou])d\b/, 't'],
  [/dh/, 'd'],
  [/(?<=[a-z])h\b/, ''],
  [/(?<=[aeiou])(?=[aeiou]\b)/, 'h'],
  [/v/, 'f'],
  [/(?<=[a-z])e(?=[a-z])/, 'a'],
  [/(?<=[a-z])ch/, 'kh'],
  [/c/, 'k'],
];

export function spellingVariant(rng: Rng, name: string): string | null {
  const applicable = SPELLING_RULES.filter(([re]) => re.test(name));
  if (applicable.length === 0) return null;
  const [re, replacement] = rng.pick(applicable);
  const out = name.replace(re, replacement);
  return out !== name ? out : null;
}

const PREFIX_TITLE = /^(H\.|Hj\.|Drs\.|Dra\.|Ir\.|Dr\.|Bpk\.|Ibu) /;
const SUFFIX_TITLE = /, [A-Z][A-Za-z.]*\.?$/;

/** Drops a title the name carries, or adds one it does not (H./Hj. for Muslims, Bpk./Ibu, a degree). */
export function titleVariant(rng: Rng, name: string, sex: 'L' | 'P', muslim = false): string {
  if (PREFIX_TITLE.test(name)) return name.replace(PREFIX_TITLE, '');
  if (SUFFIX_TITLE.test(name)) return name.replace(SUFFIX_TITLE, '');
  const r = rng.next();
  if (muslim && r < 0.45) return `${sex === 'L' ? 'H.' : 'Hj.'} ${name}`;
  if (r < 0.8) return `${sex === 'L' ? 'Bpk.' : 'Ibu'} ${name}`;
  return `${name}, ${rng.pick(['S.Pd.', 'S.E.', 'A.Md.', 'S.Sos.'])}`;
}

const MUHAMMAD_TOKEN = new RegExp(
  `(^|\\s)(${MUHAMMAD_SPELLINGS.map((s) => s.replace('.', '\\.')).join('|')})(?=\\s|$)`,
);

/** Another spelling of Muhammad (Muhammad → Moch. …), when the name has one. */
export function muhammadVariant(rng: Rng, name: string): string | null {
  const match = MUHAMMAD_TOKEN.exec(name);
  if (!match) return null;
  const current = match[2]!;
  const choices = MUHAMMAD_SPELLINGS.filter((s) => s !== current);
  return name.replace(MUHAMMAD_TOKEN, `$1${rng.pick(choices)}`);
}

/** Old (pre-1972) spelling for a modern name, or the modern spelling of an old one. */
export function oldSpellingVariant(rng: Rng, name: string): string | null {
  if (/oe|dj|tj|Oe|Dj|Tj/.test(name)) {
    const modern = name
      .replace(/oe/g, 'u')
      .replace(/Oe/g, 'U')
      .replace(/tj/g, 'c')
      .replace(/Tj/g, 'C')
      .replace(/dj/g, 'j')
      .replace(/Dj/g, 'J');
    return modern !== name ? modern : null;
  }
  const tokens = name.split(' ');
  const candidates = tokens
    .map((t, i) => [t, i] as const)
    .filter(([t]) => /[ujcyUJCY]/.test(t) && !t.endsWith('.'));
  if (candidates.length === 0) return null;
  const [token, index] = rng.pick(candidates);
  tokens[index] = toOldSpelling(token);
  return tokens.join(' ');
}

const NICKNAME_PATTERNS = Object.keys(NICKNAMES).map(
  (formal) => [formal, new RegExp(`(^|\\s)${formal}(?=\\s|$)`)] as const,
);

/** A nickname (panggilan) in place of a formal given name: Hermawan → Wawan. */
export function nicknameVariant(rng: Rng, name: string): string | null {
  const options = NICKNAME_PATTERNS.filter(([, pattern]) => pattern.test(name));
  if (options.length === 0) return null;
  const [formal, pattern] = rng.pick(options);
  return name.replace(pattern, `$1${rng.pick(NICKNAMES[formal]!)}`);
}

/** Words in another order: the clan or last name first ("Tefa Yohanes"), or two words swapped. */
export function tokenOrderVariant(rng: Rng, name: string): string | null {
  const tokens = name.split(' ');
  if (tokens.length < 2) return null;
  if (rng.chance(0.6)) return [tokens[tokens.length - 1]!, ...tokens.slice(0, -1)].join(' ');
  const i = rng.int(0, tokens.length - 2);
  [tokens[i], tokens[i + 1]] = [tokens[i + 1]!, tokens[i]!];
  const out = tokens.join(' ');
  return out !== name ? out : null;
}

/** A middle word shortened to its initial or dropped ("Maria Yosefina Tefa" → "Maria Y. Tefa"). */
export function abbreviationVariant(rng: Rng, name: string): string | null {
  const tokens = name.split(' ');
  if (tokens.length < 3) return tokens.length === 2 && rng.chance(0.5) ? tokens[0]! : null;
  const i = rng.int(1, tokens.length - 2);
  if (tokens[i]!.endsWith('.')) return null;
  if (rng.chance(0.5)) tokens[i] = `${tokens[i]![0]}.`;
  else tokens.splice(i, 1);
  return tokens.join(' ');
}

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: 'sq',
  b: 'vn',
  c: 'xv',
  d: 'sf',
  e: 'wr',
  f: 'dg',
  g: 'fh',
  h: 'gj',
  i: 'uo',
  j: 'hk',
  k: 'jl',
  l: 'k',
  m: 'n',
  n: 'bm',
  o: 'ip',
  p: 'o',
  q: 'w',
  r: 'et',
  s: 'ad',
  t: 'ry',
  u: 'yi',
  v: 'cb',
  w: 'qe',
  x: 'zc',
  y: 'tu',
  z: 'x',
};

/** One typing slip: a letter dropped, doubled, swapped with its neighbour or replaced by a nearby key. */
export function typoVariant(rng: Rng, name: string): string | null {
  const letters = [...name].map((ch, i) => [ch, i] as const).filter(([ch]) => /[a-z]/.test(ch));
  if (letters.length < 3) return null;
  const [ch, i] = rng.pick(letters);
  const kind = rng.int(0, 3);
  let out: string;
  if (kind === 0) out = name.slice(0, i) + name.slice(i + 1);
  else if (kind === 1) out = name.slice(0, i) + ch + name.slice(i);
  else if (kind === 2 && /[a-z]/.test(name[i + 1] ?? ''))
    out = name.slice(0, i) + name[i + 1] + ch + name.slice(i + 2);
  else out = name.slice(0, i) + rng.pick([...KEYBOARD_NEIGHBOURS[ch]!]) + name.slice(i + 1);
  return out !== name ? out : null;
}
