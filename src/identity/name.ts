/**
 * Indonesian person-name normalisation for matching and search. The original is always kept beside the result.
 *
 * normalizePersonName('Hj. SITI Aminah, S.Pd.') === 'siti aminah'
 * normalizePersonName('Moch. Soekarno')          === 'muhammad sukarno'
 *
 * Steps: Unicode folding to ASCII lower case; academic, religious and honorific titles dropped (H., Hj., Drs.,
 * Dr., Ir., Prof., and degrees after a comma such as S.Pd., M.Si.); punctuation to spaces (apostrophes vanish:
 * Ma'ruf → maruf); old (pre-1972) spellings modernised (oe→u, dj→j, tj→c, sj→sy, initial nj→ny, ch→kh, and the old j→y
 * inside words that carry one of those marks); the many spellings of Muhammad to one, a leading M. to Muhammad
 * and St. to Siti, Abd. to Abdul; whitespace collapsed.
 */

/** Titles written before the name. Matched on whole tokens after punctuation is removed. */
const PREFIX_TITLES = new Set([
  'h',
  'hj',
  'haji',
  'hajjah',
  'hajah',
  'drs',
  'dra',
  'dr',
  'ir',
  'prof',
  'kh',
  'ust',
  'ustadz',
  'ustad',
  'ustadzah',
  'tgh',
  'tuan',
  'nyonya',
  'ny',
  'tn',
  'sdr',
  'sdri',
  'bpk',
  'bapak',
  'ibu',
  'dg',
  'daeng',
  'raden',
  'rd',
  'r',
  'rr',
]);

/** Degrees written after the name, usually after a comma (S.Pd., M.Si., A.Md.): dotted and undotted forms. */
const DEGREE_TITLES = new Set([
  'spd',
  'spdi',
  'sag',
  'sh',
  'se',
  'sked',
  'skep',
  'skm',
  'skom',
  'sos',
  'ssos',
  'st',
  'sp',
  'ssi',
  'sip',
  'sfarm',
  'ssit',
  'sthi',
  'shi',
  'sei',
  'sth',
  'spt',
  'spsi',
  'sds',
  'ssn',
  'ak',
  'amd',
  'amdkeb',
  'amdkep',
  'amk',
  'mpd',
  'msi',
  'mm',
  'mh',
  'mag',
  'mkes',
  'mt',
  'mkom',
  'mba',
  'msc',
  'bsc',
  'ba',
  'phd',
  'ners',
  'apt',
  'bidan',
]);

const MUHAMMAD_SPELLINGS = new Set([
  'muhammad',
  'muhamad',
  'muhammmad',
  'muhamat',
  'muhammed',
  'muhamed',
  'mohammad',
  'mohamad',
  'mohammed',
  'mohamed',
  'mohamat',
  'mochammad',
  'mochamad',
  'mochamat',
  'mokhammad',
  'mokhamad',
  'muchammad',
  'muchamad',
  'mukhammad',
  'mukhamad',
  'muhamad',
  'mahammad',
  'moch',
  'mokh',
  'moh',
  'mohd',
  'muh',
  'muhd',
  'mhd',
  'mhmd',
  'md',
  'mch',
]);

// Marks of the pre-1972 spelling; nj only counts word-initially (Njoman) since Tanjung is modern.
const OLD_SPELLING_MARK = /oe|dj|tj|sj|^nj/;

export function normalizePersonName(raw: string): string {
  let tokens = toTokens(stripDegreesAfterComma(foldToAscii(raw)));
  // Rewrites can expose another rewrite or a title (e.g. "Nj" → "ny"); repeat to a fixed point so the result
  // is idempotent.
  for (let i = 0; i < 5; i++) {
    const next = dropTitles(tokens.map(modernizeToken).map(canonicalToken));
    if (next.join(' ') === tokens.join(' ')) break;
    tokens = next;
  }
  return tokens.join(' ');
}

/** The tokens of a normalised name. */
export function nameTokens(normalized: string): string[] {
  return normalized.split(' ').filter(Boolean);
}

/** An order-insensitive key: the tokens sorted (Budi Santoso = Santoso Budi). */
export function sortedNameKey(normalized: string): string {
  return nameTokens(normalized).sort().join(' ');
}

function foldToAscii(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** "Siti Aminah, S.Pd., M.Si." → "Siti Aminah": drop trailing comma parts made only of degree tokens. */
function stripDegreesAfterComma(text: string): string {
  const parts = text.split(',');
  while (parts.length > 1) {
    const last = parts[parts.length - 1]!;
    const tokens = last
      .replace(/[.']/g, '')
      .split(/[^a-z]+/)
      .filter(Boolean);
    if (tokens.length > 0 && !tokens.every((t) => DEGREE_TITLES.has(t))) break;
    parts.pop();
  }
  return parts.join(' ');
}

function toTokens(text: string): string[] {
  // Dotted abbreviations keep their letters together (S.Pd. → spd) before other punctuation splits words.
  return text
    .replace(/\b([a-z])\.(?=[a-z]{1,3}\b\.?)/g, '$1')
    .replace(/['`’]/g, '')
    .replace(/[^a-z]+/g, ' ')
    .split(' ')
    .filter(Boolean);
}

function dropTitles(tokens: string[]): string[] {
  let start = 0;
  // Keep at least one token: a lone "Haji" or "Raden" is then the name itself.
  while (start < tokens.length - 1 && PREFIX_TITLES.has(tokens[start]!)) start++;
  let end = tokens.length;
  while (end > start + 1 && DEGREE_TITLES.has(tokens[end - 1]!)) end--;
  return tokens.slice(start, end);
}

// Names are made of few distinct tokens (a million names, some thousands of tokens): rewrite each token once.
const modernized = new Map<string, string>();

function modernizeToken(token: string): string {
  let t = modernized.get(token);
  if (t === undefined) {
    t = modernizeUncached(token);
    if (modernized.size < 200_000) modernized.set(token, t);
  }
  return t;
}

function modernizeUncached(token: string): string {
  const old = OLD_SPELLING_MARK.test(token);
  let t = token
    .replace(/tj/g, 'c')
    .replace(/dj/g, 'J')
    .replace(/sj/g, 'sy')
    .replace(/^nj/, 'ny')
    .replace(/oe/g, 'u');
  if (old) t = t.replace(/j/g, 'y');
  return t.replace(/J/g, 'j').replace(/ch/g, 'kh');
}

function canonicalToken(token: string, index: number, all: string[]): string {
  if (MUHAMMAD_SPELLINGS.has(token) || MUHAMMAD_SPELLINGS.has(token.replace(/kh/g, 'ch'))) return 'muhammad';
  // A lone leading "M" before another name is Muhammad by convention (M. Yusuf).
  if (token === 'm' && index === 0 && all.length > 1) return 'muhammad';
  // Likewise a leading "St." before another name is Siti (St. Aminah); at the end it is a degree (S.T.).
  if (token === 'st' && index === 0 && all.length > 1) return 'siti';
  if (token === 'akhmad' || token === 'achmad' || token === 'ahmat' || token === 'akhmat') return 'ahmad';
  if (token === 'abd') return 'abdul';
  return token;
}
