import type { Rng } from '../shared/random.js';
import {
  ACADEMIC_PREFIX,
  BALINESE_ORDER,
  BALINESE_PERSONAL,
  BATAK_MARGA,
  BUGIS_GIVEN,
  CHRISTIAN_GIVEN,
  DEGREE_SUFFIX,
  JAVANESE_GIVEN,
  MANADO_MALUKU_FAM,
  MINANG_GIVEN,
  MODERN_GIVEN,
  MUHAMMAD_SPELLINGS,
  MUSLIM_GIVEN,
  MUSLIM_PILGRIM_TITLE,
  MUSLIM_SECOND,
  NTT_CLAN,
  PAPUAN_CLAN,
  SUNDANESE_GIVEN,
  SUNDANESE_SECOND,
  type Culture,
  type Sex,
} from './name-pools.js';

export type Religion = 'islam' | 'kristen' | 'katolik' | 'hindu';

/** Religion of a household by naming tradition (rough shares; enough for plausible names). */
const RELIGION_BY_CULTURE: Record<Culture, readonly (readonly [Religion, number])[]> = {
  javanese: [
    ['islam', 0.95],
    ['kristen', 0.03],
    ['katolik', 0.02],
  ],
  sundanese: [
    ['islam', 0.99],
    ['kristen', 0.01],
  ],
  batak: [
    ['kristen', 0.6],
    ['katolik', 0.08],
    ['islam', 0.32],
  ],
  minang: [['islam', 1]],
  malay: [
    ['islam', 0.97],
    ['kristen', 0.03],
  ],
  bugis: [['islam', 1]],
  balinese: [
    ['hindu', 0.95],
    ['kristen', 0.03],
    ['islam', 0.02],
  ],
  ntt: [
    ['katolik', 0.55],
    ['kristen', 0.36],
    ['islam', 0.09],
  ],
  papuan: [
    ['kristen', 0.82],
    ['katolik', 0.13],
    ['islam', 0.05],
  ],
  manado_maluku: [
    ['kristen', 0.62],
    ['katolik', 0.05],
    ['islam', 0.33],
  ],
};

/** Cultures whose members carry a clan (family) name inherited from the father. */
const CLAN_POOLS: Partial<Record<Culture, readonly string[]>> = {
  batak: BATAK_MARGA,
  ntt: NTT_CLAN,
  papuan: PAPUAN_CLAN,
  manado_maluku: MANADO_MALUKU_FAM,
};

export function pickReligion(rng: Rng, culture: Culture): Religion {
  return rng.weighted(RELIGION_BY_CULTURE[culture]);
}

/** A clan name for a new family line (null for cultures without clan names). */
export function pickClan(rng: Rng, culture: Culture): string | null {
  const pool = CLAN_POOLS[culture];
  return pool ? rng.pick(pool) : null;
}

export interface NameRequest {
  culture: Culture;
  religion: Religion;
  sex: Sex;
  birthYear: number;
  /** Clan inherited from the father (or the person's own clan, for a spouse); ignored without clan names. */
  clan?: string | null;
  /** 1-based birth order among siblings (Balinese names follow it). */
  birthOrder?: number;
}

/** A full name as a civil register would hold it, without titles. */
export function generateName(rng: Rng, request: NameRequest): string {
  const { culture, sex, birthYear } = request;
  if (culture === 'balinese' && request.religion === 'hindu')
    return balineseName(rng, sex, request.birthOrder);
  const parts: string[] = [];
  if (culture === 'bugis' && rng.chance(0.06)) parts.push('Andi');
  if (culture === 'ntt' && rng.chance(0.04)) parts.push(sex === 'L' ? 'Umbu' : 'Rambu');
  parts.push(givenName(rng, request));
  const clan = CLAN_POOLS[culture] ? (request.clan ?? pickClan(rng, culture)) : null;
  if (!clan && rng.chance(secondNameShare(culture))) parts.push(secondName(rng, request));
  else if (clan && rng.chance(0.22)) parts.push(givenName(rng, { ...request, birthYear: 0 }));
  if (clan) parts.push(culture === 'batak' && sex === 'P' && rng.chance(0.35) ? `br. ${clan}` : clan);
  let name = dedupeTokens(parts.join(' '));
  // Registers from before the 1972 spelling reform keep Soe-/Dj-/Tj- for people born then.
  if ((culture === 'javanese' || culture === 'sundanese') && birthYear < 1965 && rng.chance(0.35)) {
    name = toOldSpelling(name);
  }
  return name;
}

function givenName(rng: Rng, request: NameRequest): string {
  const { culture, religion, sex, birthYear } = request;
  if (birthYear >= 2000 && rng.chance(0.35)) return rng.pick(MODERN_GIVEN[sex]);
  if (religion === 'islam') {
    const muhammad = sex === 'L' && rng.chance(0.12) ? rng.pick(MUHAMMAD_SPELLINGS) + ' ' : '';
    const local = localPool(culture)?.[sex];
    const pool = local && rng.chance(0.65) ? local : MUSLIM_GIVEN[sex];
    return muhammad + rng.pick(pool);
  }
  if (religion === 'kristen' || religion === 'katolik') {
    const local = localPool(culture)?.[sex];
    return local && rng.chance(0.3) ? rng.pick(local) : rng.pick(CHRISTIAN_GIVEN[sex]);
  }
  return rng.pick(BALINESE_PERSONAL[sex]);
}

function localPool(culture: Culture): Record<Sex, readonly string[]> | undefined {
  switch (culture) {
    case 'javanese':
      return JAVANESE_GIVEN;
    case 'sundanese':
      return SUNDANESE_GIVEN;
    case 'minang':
      return MINANG_GIVEN;
    case 'bugis':
      return BUGIS_GIVEN;
    default:
      return undefined;
  }
}

function secondNameShare(culture: Culture): number {
  switch (culture) {
    case 'javanese':
      return 0.4;
    case 'sundanese':
      return 0.45;
    case 'minang':
      return 0.25;
    case 'malay':
      return 0.5;
    case 'bugis':
      return 0.35;
    default:
      return 0.3;
  }
}

function secondName(rng: Rng, request: NameRequest): string {
  if (request.religion === 'kristen' || request.religion === 'katolik')
    return rng.pick(CHRISTIAN_GIVEN[request.sex]);
  if (request.culture === 'sundanese' && rng.chance(0.6)) return rng.pick(SUNDANESE_SECOND[request.sex]);
  if (request.culture === 'javanese' && rng.chance(0.5)) return rng.pick(JAVANESE_GIVEN[request.sex]);
  return rng.pick(MUSLIM_SECOND[request.sex]);
}

function balineseName(rng: Rng, sex: Sex, birthOrder = 1): string {
  const personal = rng.pick(BALINESE_PERSONAL[sex]);
  const caste = rng.next();
  if (caste < 0.04) return `${sex === 'L' ? 'Ida Bagus' : 'Ida Ayu'} ${personal}`;
  if (caste < 0.09) return `${sex === 'L' ? 'I Gusti Ngurah' : 'I Gusti Ayu'} ${personal}`;
  const order = rng.pick(BALINESE_ORDER[(Math.max(1, birthOrder) - 1) % 4]!);
  return `${sex === 'L' ? 'I' : 'Ni'} ${order} ${personal}`;
}

function dedupeTokens(name: string): string {
  const seen = new Set<string>();
  return name
    .split(' ')
    .filter((t) => {
      const key = t.toLowerCase();
      if (seen.has(key) && !key.endsWith('.')) return false;
      seen.add(key);
      return true;
    })
    .join(' ');
}

/** Pre-1972 (Van Ophuijsen/Soewandi) spelling: u→oe, j→dj, y→j, c→tj. "Suyanto" → "Soejanto". */
export function toOldSpelling(name: string): string {
  return name.replace(/[A-Za-z]+/g, (word) => {
    let out = '';
    for (const ch of word) {
      if (ch === 'u') out += 'oe';
      else if (ch === 'U') out += 'Oe';
      else if (ch === 'j') out += 'dj';
      else if (ch === 'J') out += 'Dj';
      else if (ch === 'y') out += 'j';
      else if (ch === 'Y') out += 'J';
      else if (ch === 'c') out += 'tj';
      else if (ch === 'C') out += 'Tj';
      else out += ch;
    }
    return out;
  });
}

export interface TitleContext {
  religion: Religion;
  sex: Sex;
  age: number;
  /** Highest education (Dukcapil label); degrees only for graduates. */
  education: string | null;
  occupation: string | null;
}

/**
 * Adds the titles an older register might carry: H./Hj. after the pilgrimage, Drs./Ir. for graduates of the old
 * system, S.Pd. and other degrees after a comma. Most names stay bare.
 */
export function addRegisterTitles(rng: Rng, name: string, context: TitleContext): string {
  let out = name;
  const graduate = context.education !== null && /STRATA|DIPLOMA IV/.test(context.education);
  if (graduate && rng.chance(0.3)) {
    if (context.age >= 52 && rng.chance(0.5)) out = `${rng.pick(ACADEMIC_PREFIX[context.sex])} ${out}`;
    else out = `${out}, ${context.occupation === 'GURU' ? 'S.Pd.' : rng.pick(DEGREE_SUFFIX)}`;
  }
  if (context.religion === 'islam' && context.age >= 45 && rng.chance(0.07)) {
    out = `${MUSLIM_PILGRIM_TITLE[context.sex]} ${out}`;
  }
  return out;
}
