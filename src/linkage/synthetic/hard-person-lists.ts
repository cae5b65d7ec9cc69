/**
 * The hard linkage profile: a registry and a beneficiary list as crowded as a real DTSEN province. Villages of
 * ~300–400 people whose first and second names come from a few dozen very common ones (namesakes in one
 * village are the rule), households of up to six with children carrying the father's second name and twins
 * (same birth date, same family name), registry birth dates heaped on 1 January / 1 July / 31 December so that
 * many people of one district share a NIK up to its serial; a list row mostly for a head or spouse; NIKs on the
 * list missing, one digit wrong (often landing on another real person's NIK), two digits swapped or replaced by
 * the family-card number; birth dates missing, day/month swapped, a year off by 1 or 10, replaced by 1 January /
 * 1 July, or written dd/mm/yyyy; the village changed within the district for ~10 %.
 *
 * Pure and seeded; yields one district at a time (all its villages are generated before the list is written,
 * so that a one-digit NIK error can land on a real NIK of the district).
 */
import { isValidDate } from '../../identity/nik.js';
import { corruptPersonRecord, type CorruptionRates } from '../../synth/corrupt.js';
import type { SynthVillage } from '../../synth/household.js';
import { createRng, type Rng } from '../../shared/random.js';
import type { PersonRow, VillageRows } from './person-lists.js';

/** What the generator did to one list row (for tests of the profile's rates). */
export interface ListRowNote {
  role: 'head' | 'spouse' | 'other';
  nik: 'exact' | 'missing' | 'wrong_digit' | 'other_person' | 'transposed' | 'kk';
  birth: 'exact' | 'missing' | 'swapped' | 'year_1' | 'year_10' | 'jan_jul';
  slash: boolean;
  villageChanged: boolean;
}

export interface HardDistrictRows extends VillageRows {
  /** Per beneficiary row (same order). */
  notes: ListRowNote[];
}

export interface HardProfile {
  /** People per village, drawn uniformly from [min, max]. */
  peoplePerVillage: readonly [number, number];
  /** How many first names per sex and second names are in use (the most common ones of the pools below). */
  firstNamePool: number;
  secondNamePool: number;
  /** Share of people with a single name. */
  singleNameShare: number;
  /** Largest household (head, spouse, children, sometimes a parent of the head). */
  maxHousehold: number;
  /** Share of children carrying the head's second name. */
  familyNameShare: number;
  /** Chance that a birth in a household is twins (same birth date, same family name). */
  twinShare: number;
  /** Share of registry birth dates recorded as 1 January, 1 July or 31 December (heaping). */
  registryHeapedDate: number;
  /** Share of registry households on the list; per listed household the chance each member has a row. */
  listedHouseholds: number;
  listHead: number;
  listSpouse: number;
  listOther: number;
  /** Share of list rows for people not in the registry. */
  outsiders: number;
  /** List NIK errors (exclusive). */
  nikMissing: number;
  nikWrongDigit: number;
  nikTransposed: number;
  nikKk: number;
  /** Share of one-digit NIK errors that land on another real NIK of the district when one is a digit away. */
  nikCollision: number;
  /** List birth date errors. */
  birthMissing: number;
  birthSwapped: number;
  birthYear1: number;
  birthYear10: number;
  birthJanJul: number;
  birthSlash: number;
  /** List rows whose village is another one of the same district. */
  villageChanged: number;
  /** Name errors on the list (NIK and birth errors here are ignored: they are the profile's own). */
  nameRates: CorruptionRates;
  /** Registry NIKs missing. */
  registryNikMissing: number;
}

export const HARD_PROFILE: HardProfile = {
  peoplePerVillage: [300, 400],
  firstNamePool: 36,
  secondNamePool: 40,
  singleNameShare: 0.12,
  maxHousehold: 6,
  familyNameShare: 0.75,
  twinShare: 0.04,
  registryHeapedDate: 0.15,
  listedHouseholds: 0.9,
  listHead: 0.95,
  listSpouse: 0.85,
  listOther: 0.1,
  outsiders: 0.03,
  nikMissing: 0.12,
  nikWrongDigit: 0.05,
  nikTransposed: 0.02,
  nikKk: 0.02,
  nikCollision: 0.6,
  birthMissing: 0.04,
  birthSwapped: 0.03,
  birthYear1: 0.04,
  birthYear10: 0.015,
  birthJanJul: 0.04,
  birthSlash: 0.3,
  villageChanged: 0.1,
  nameRates: {
    name_spelling: 0.06,
    name_title: 0.04,
    name_muhammad: 0.5,
    name_old_spelling: 0.02,
    name_nickname: 0.01,
    name_token_order: 0.02,
    name_abbreviated: 0.03,
    name_typo: 0.04,
    uppercase: 0.7,
  },
  registryNikMissing: 0.01,
};

// Ordered by frequency (most common first); a profile uses the first `firstNamePool` / `secondNamePool`.
const MALE = [
  'Muhammad',
  'Agus',
  'Budi',
  'Ahmad',
  'Slamet',
  'Joko',
  'Bambang',
  'Eko',
  'Dedi',
  'Hendra',
  'Rudi',
  'Andi',
  'Yusuf',
  'Rahmat',
  'Hadi',
  'Wahyu',
  'Dwi',
  'Heru',
  'Imam',
  'Iwan',
  'Teguh',
  'Adi',
  'Arif',
  'Bayu',
  'Dani',
  'Fajar',
  'Hasan',
  'Ilham',
  'Irfan',
  'Joni',
  'Lukman',
  'Nur',
  'Rizki',
  'Sugeng',
  'Taufik',
  'Udin',
  'Yanto',
  'Asep',
  'Dodi',
  'Edi',
  'Gatot',
  'Hari',
  'Jaka',
  'Krisna',
  'Made',
  'Nyoman',
  'Wayan',
  'Yoga',
];
const FEMALE = [
  'Siti',
  'Sri',
  'Nur',
  'Dewi',
  'Rina',
  'Wati',
  'Yuni',
  'Ani',
  'Ratna',
  'Fitri',
  'Lestari',
  'Endang',
  'Sumiati',
  'Suryani',
  'Nurhayati',
  'Rahayu',
  'Wahyuni',
  'Susanti',
  'Indah',
  'Dian',
  'Eka',
  'Lina',
  'Mega',
  'Novi',
  'Puji',
  'Rini',
  'Tri',
  'Umi',
  'Yanti',
  'Ayu',
  'Desi',
  'Evi',
  'Fatimah',
  'Hartini',
  'Ida',
  'Kartini',
  'Mulyani',
  'Nining',
  'Ningsih',
  'Aminah',
  'Ernawati',
  'Heni',
  'Juariah',
  'Komang',
  'Lilis',
  'Maya',
  'Nia',
  'Putri',
];
const SECOND = [
  'Santoso',
  'Wijaya',
  'Saputra',
  'Hidayat',
  'Setiawan',
  'Kurniawan',
  'Pratama',
  'Nugroho',
  'Susanto',
  'Hakim',
  'Rahman',
  'Hasibuan',
  'Siregar',
  'Lubis',
  'Nasution',
  'Harahap',
  'Putra',
  'Utomo',
  'Purnomo',
  'Suharto',
  'Gunawan',
  'Prasetyo',
  'Wibowo',
  'Sutanto',
  'Hermawan',
  'Irawan',
  'Firmansyah',
  'Ramadhan',
  'Maulana',
  'Syahputra',
  'Suryadi',
  'Sulistyo',
  'Permana',
  'Hartono',
  'Supriyadi',
  'Sutrisno',
  'Wahyudi',
  'Mulyadi',
  'Rohman',
  'Sitompul',
  'Tarigan',
  'Ginting',
  'Sembiring',
  'Simanjuntak',
  'Pangaribuan',
  'Daulay',
  'Rangkuti',
  'Munthe',
];

/** Zipf-like weights (1/rank^0.8) over the first `size` names. */
function pool(names: readonly string[], size: number): (readonly [string, number])[] {
  return names
    .slice(0, Math.max(1, Math.min(size, names.length)))
    .map((n, i) => [n, 1 / Math.pow(i + 1, 0.8)]);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

interface Person {
  name: string;
  sex: 'L' | 'P';
  birth: string;
  role: 'head' | 'spouse' | 'other';
  nik: string;
}

interface Household {
  village: SynthVillage;
  address: string;
  kk: string;
  members: Person[];
  outsider: boolean;
}

/** Groups villages (in code order) by district (first 8 characters of the dotted code). */
export function districtsOf(villages: readonly SynthVillage[]): SynthVillage[][] {
  const out: SynthVillage[][] = [];
  let current = '';
  for (const v of villages) {
    const d = v.code.slice(0, 8);
    if (d !== current) {
      out.push([]);
      current = d;
    }
    out[out.length - 1]!.push(v);
  }
  return out;
}

/**
 * Yields registry rows, list rows and truth district by district until `people` registry rows exist.
 * `districts`: whole districts (all their villages), in the order to fill them.
 */
export function* generateHardLinkageData(options: {
  seed: string;
  people: number;
  districts: readonly (readonly SynthVillage[])[];
  profile?: Partial<HardProfile>;
}): Generator<HardDistrictRows> {
  const p: HardProfile = { ...HARD_PROFILE, ...options.profile };
  const male = pool(MALE, p.firstNamePool);
  const female = pool(FEMALE, p.firstNamePool);
  const second = pool(SECOND, p.secondNamePool);
  let produced = 0;
  let listCounter = 0;
  let registryCounter = 0;
  for (let d = 0; produced < options.people; d++) {
    const villages = options.districts[d];
    if (!villages)
      throw new Error(
        `generateHardLinkageData: ${options.districts.length} districts hold fewer than ${options.people} people`,
      );
    const rng = createRng(`${options.seed}:${villages[0]!.code.slice(0, 8)}`);
    const districtDigits = villages[0]!.code.replace(/\./g, '').slice(0, 6);
    const serials = new Map<string, number>();
    const serial = (key: string) => {
      const s = (serials.get(key) ?? 0) + 1;
      serials.set(key, s);
      return Math.min(s, 9999);
    };
    const nikOf = (birth: string, sex: 'L' | 'P') => {
      const [y, m, dd] = birth.split('-') as [string, string, string];
      const day = Number(dd) + (sex === 'P' ? 40 : 0);
      const head = `${districtDigits}${pad(day)}${m}${y.slice(2)}`;
      return `${head}${pad(serial(head), 4)}`;
    };
    const households: Household[] = [];
    for (const village of villages) {
      if (produced >= options.people) break;
      const target = rng.int(p.peoplePerVillage[0], p.peoplePerVillage[1]);
      let inVillage = 0;
      while (inVillage < target && produced < options.people) {
        const outsider = rng.chance(p.outsiders * p.listedHouseholds);
        const h = household(rng, p, village, male, female, second, nikOf, serial, districtDigits);
        h.outsider = outsider;
        if (!outsider) {
          // The district's last household may be cut short to stop at exactly `people`.
          h.members = h.members.slice(0, options.people - produced);
          produced += h.members.length;
          inVillage += h.members.length;
        }
        households.push(h);
      }
    }
    yield districtRows(rng, p, villages, households, {
      registry: () => `R${(++registryCounter).toString(36).toUpperCase()}`,
      list: () => `B${(++listCounter).toString(36).toUpperCase()}`,
    });
  }
}

function household(
  rng: Rng,
  p: HardProfile,
  village: SynthVillage,
  male: (readonly [string, number])[],
  female: (readonly [string, number])[],
  second: (readonly [string, number])[],
  nikOf: (birth: string, sex: 'L' | 'P') => string,
  serial: (key: string) => number,
  districtDigits: string,
): Household {
  const name = (sex: 'L' | 'P', family: string | null) => {
    const first = rng.weighted(sex === 'L' ? male : female);
    if (rng.chance(p.singleNameShare)) return first;
    let last = family ?? rng.weighted(second);
    if (last === first) last = rng.weighted(second);
    return `${first} ${last}`;
  };
  const date = (year: number, heaped: boolean) => {
    if (heaped && rng.chance(p.registryHeapedDate)) return `${year}-${rng.pick(['01-01', '07-01', '12-31'])}`;
    const m = rng.int(1, 12);
    let dd = rng.int(1, 31);
    while (!isValidDate(year, m, dd)) dd--;
    return `${year}-${pad(m)}-${pad(dd)}`;
  };
  const headSex: 'L' | 'P' = rng.chance(0.86) ? 'L' : 'P';
  const headYear = 2026 - rng.int(22, 75);
  const headName = name(headSex, null);
  const family = headName.includes(' ') ? headName.split(' ')[1]! : rng.weighted(second);
  const members: Omit<Person, 'nik'>[] = [
    { name: headName, sex: headSex, birth: date(headYear, true), role: 'head' },
  ];
  const married = headSex === 'L' ? rng.chance(0.88) : rng.chance(0.2);
  let motherYear = headYear;
  if (married) {
    const sex = headSex === 'L' ? 'P' : 'L';
    const year = headYear + rng.int(-2, 6) * (headSex === 'L' ? 1 : -1);
    motherYear = sex === 'P' ? year : headYear;
    members.push({ name: name(sex, null), sex, birth: date(year, true), role: 'spouse' });
  }
  if (rng.chance(0.08) && members.length < p.maxHousehold) {
    const sex = rng.chance(0.6) ? 'P' : 'L';
    members.push({
      name: name(sex, null),
      sex,
      birth: date(headYear - rng.int(22, 32), true),
      role: 'other',
    });
  }
  const wanted = rng.weighted([
    [0, 0.2],
    [1, 0.25],
    [2, 0.3],
    [3, 0.15],
    [4, 0.1],
  ] as const);
  let year = motherYear + rng.int(19, 26);
  for (let c = 0; c < wanted && members.length < p.maxHousehold && year <= 2025; c++) {
    const twins = rng.chance(p.twinShare) && members.length + 2 <= p.maxHousehold;
    const birth = date(year, false);
    for (let t = 0; t < (twins ? 2 : 1); t++) {
      const sex: 'L' | 'P' =
        twins && t === 1 && rng.chance(0.5) ? members[members.length - 1]!.sex : rng.chance(0.5) ? 'L' : 'P';
      const carry = twins || rng.chance(p.familyNameShare);
      let n = name(sex, carry ? family : null);
      if (carry && !n.includes(' ')) n = `${n} ${family}`;
      members.push({ name: n, sex, birth, role: 'other' });
    }
    year += rng.int(1, 5);
  }
  const kkDate = `${pad(rng.int(1, 28))}${pad(rng.int(1, 12))}${pad(rng.int(5, 25))}`;
  const kkHead = `${districtDigits}${kkDate}`;
  const rt = rng.int(1, 12);
  return {
    village,
    address: `RT ${pad(rt, 3)} / RW ${pad(Math.ceil(rt / 4), 3)}, ${village.name}`,
    kk: `${kkHead}${pad(serial(`k${kkHead}`), 4)}`,
    members: members.map((m) => ({ ...m, nik: nikOf(m.birth, m.sex) })),
    outsider: false,
  };
}

function slash(iso: string): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  return `${d}/${m}/${y}`;
}

/** A NIK one digit away from `nik` that another person of the district holds, or null. */
function neighbourNik(rng: Rng, nik: string, taken: ReadonlySet<string>): string | null {
  const found: string[] = [];
  for (let i = 0; i < 16; i++)
    for (let digit = 0; digit <= 9; digit++) {
      if (String(digit) === nik[i]) continue;
      const other = nik.slice(0, i) + String(digit) + nik.slice(i + 1);
      if (taken.has(other)) found.push(other);
    }
  return found.length > 0 ? rng.pick(found) : null;
}

function districtRows(
  rng: Rng,
  p: HardProfile,
  villages: readonly SynthVillage[],
  households: readonly Household[],
  nextId: { registry: () => string; list: () => string },
): HardDistrictRows {
  const out: HardDistrictRows = { registry: [], beneficiaries: [], truth: [], notes: [] };
  const taken = new Set<string>();
  for (const h of households) if (!h.outsider) for (const m of h.members) taken.add(m.nik);
  for (const h of households) {
    const listed = h.outsider || rng.chance(p.listedHouseholds);
    for (const m of h.members) {
      let registryId: string | null = null;
      if (!h.outsider) {
        registryId = nextId.registry();
        out.registry.push({
          id: registryId,
          nik: rng.chance(p.registryNikMissing) ? null : m.nik,
          name: m.name.toUpperCase(),
          birth_date: m.birth,
          sex: m.sex,
          village_code: h.village.code,
          address: h.address,
        });
      }
      if (!listed) continue;
      const share = m.role === 'head' ? p.listHead : m.role === 'spouse' ? p.listSpouse : p.listOther;
      if (!rng.chance(share)) continue;
      const { row, note } = listRow(rng, p, m, h, villages, taken);
      const id = nextId.list();
      out.beneficiaries.push({ id, ...row });
      out.notes.push(note);
      if (registryId) out.truth.push([registryId, id]);
    }
  }
  return out;
}

function listRow(
  rng: Rng,
  p: HardProfile,
  m: Person,
  h: Household,
  villages: readonly SynthVillage[],
  taken: ReadonlySet<string>,
): { row: Omit<PersonRow, 'id'>; note: ListRowNote } {
  const note: ListRowNote = {
    role: m.role,
    nik: 'exact',
    birth: 'exact',
    slash: false,
    villageChanged: false,
  };
  const { record } = corruptPersonRecord(
    rng,
    { nik: null, name: m.name, sex: m.sex, birthDate: null, muslim: true },
    p.nameRates,
  );
  let nik: string | null = m.nik;
  const r = rng.next();
  let edge = p.nikMissing;
  if (r < edge) {
    nik = null;
    note.nik = 'missing';
  } else if (r < (edge += p.nikWrongDigit)) {
    const other = rng.chance(p.nikCollision) ? neighbourNik(rng, m.nik, taken) : null;
    note.nik = other ? 'other_person' : 'wrong_digit';
    if (other) nik = other;
    else {
      const i = rng.int(0, 15);
      nik = m.nik.slice(0, i) + String((Number(m.nik[i]) + rng.int(1, 9)) % 10) + m.nik.slice(i + 1);
    }
  } else if (r < (edge += p.nikTransposed)) {
    const positions: number[] = [];
    for (let i = 0; i < 15; i++) if (m.nik[i] !== m.nik[i + 1]) positions.push(i);
    const i = rng.pick(positions);
    nik = m.nik.slice(0, i) + m.nik[i + 1]! + m.nik[i]! + m.nik.slice(i + 2);
    note.nik = 'transposed';
  } else if (r < edge + p.nikKk) {
    nik = h.kk;
    note.nik = 'kk';
  }

  let birth: string | null = m.birth;
  const [y, mo, d] = m.birth.split('-').map(Number) as [number, number, number];
  const b = rng.next();
  edge = p.birthMissing;
  if (b < edge) {
    birth = null;
    note.birth = 'missing';
  } else if (b < (edge += p.birthSwapped)) {
    // A day above 12 cannot be a month: the swap is only made where it yields a date.
    if (d <= 12 && d !== mo) {
      birth = `${y}-${pad(d)}-${pad(mo)}`;
      note.birth = 'swapped';
    }
  } else if (b < (edge += p.birthYear1)) {
    const year = y + (rng.chance(0.5) ? 1 : -1);
    birth = `${year}-${pad(mo)}-${pad(isValidDate(year, mo, d) ? d : 28)}`;
    note.birth = 'year_1';
  } else if (b < (edge += p.birthYear10)) {
    const year = y + (rng.chance(0.5) ? 10 : -10);
    birth = `${year}-${pad(mo)}-${pad(isValidDate(year, mo, d) ? d : 28)}`;
    note.birth = 'year_10';
  } else if (b < edge + p.birthJanJul) {
    birth = `${y}-${rng.chance(0.5) ? '01-01' : '07-01'}`;
    note.birth = 'jan_jul';
  }
  if (birth && rng.chance(p.birthSlash)) {
    birth = slash(birth);
    note.slash = true;
  }

  const others = villages.filter((v) => v.code !== h.village.code);
  const village = others.length > 0 && rng.chance(p.villageChanged) ? rng.pick(others).code : h.village.code;
  note.villageChanged = village !== h.village.code;
  const row = {
    nik,
    name: record.name,
    birth_date: birth,
    sex: m.sex,
    village_code: village,
    address: rng.chance(0.3) ? h.address.replace(/RT 0*(\d+) \/ RW 0*(\d+),/, 'RT $1/RW $2') : h.address,
  };
  return { row, note };
}
