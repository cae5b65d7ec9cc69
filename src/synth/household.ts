import { formatNik } from '../identity/nik.js';
import { ageOn, birthDateForAge, dateBetween } from './dates.js';
import type { Culture, Sex } from './name-pools.js';
import { addRegisterTitles, generateName, pickClan, pickReligion, type Religion } from './names.js';
import { pickDisability, pickEducation, pickOccupation } from './person-attributes.js';
import type { Rng } from '../shared/random.js';
import type { SerialAllocator } from './serials.js';
import { generateSocio } from './socio.js';
import type { SocioDocument } from '../households/socio-economic.js';

/** Dukcapil relationship-to-head codes (hubungan dalam keluarga). */
export const RELATION = {
  head: 1,
  husband: 2,
  wife: 3,
  child: 4,
  childInLaw: 5,
  grandchild: 6,
  parent: 7,
  parentInLaw: 8,
  otherRelative: 9,
  domesticWorker: 10,
  other: 11,
} as const;

export interface SynthVillage {
  /** Dotted Kemendagri village code, e.g. 53.01.05.2001. */
  code: string;
  name: string;
  kind: 'desa' | 'kelurahan' | 'desa_adat';
}

export interface SynthPerson {
  nik: string;
  name: string;
  sex: Sex;
  birthDate: string;
  relation: number;
  disability: boolean;
  occupation: string;
  education: string;
  maritalStatus: 'BELUM KAWIN' | 'KAWIN' | 'CERAI HIDUP' | 'CERAI MATI';
  religion: Religion;
}

export interface SynthHousehold {
  kk: string;
  villageCode: string;
  address: string;
  culture: Culture;
  religion: Religion;
  /** Latent welfare on the national standard-normal scale (higher = better off); see welfare.ts. */
  welfare: number;
  socio: SocioDocument;
  /** Head first, then spouse, then the rest in register order. */
  members: SynthPerson[];
}

export interface HouseholdOptions {
  /** Naming traditions of the region and their shares. */
  cultures: readonly (readonly [Culture, number])[];
  /** Mean household size of the region (BPS: about 3.3 in Java to 4.5+ in NTT and Papua). */
  meanSize: number;
  /** Latent welfare of this household (national standard-normal scale). Default: a standard normal draw. */
  welfare?: number;
  /** Date the register describes; ages are taken on it. Default 2026-01-31. */
  referenceDate?: string;
  /** Unique NIK/KK serials (one allocator per district). */
  serials: SerialAllocator;
  /** Districts (dotted) where migrants' NIKs were first issued; empty = nobody moved in. */
  otherDistricts?: readonly string[];
  /** Share of adults whose NIK was issued in another district (moved in). Default 0.08. */
  migrantShare?: number;
}

const MAX_SIZE = 12;

/**
 * One realistic family (one KK) living in `village`: size from the regional mean (poorer families larger),
 * head/spouse/children plus sometimes parents, in-laws, grandchildren or other relatives with Dukcapil codes;
 * ages consistent with relations; names from the family's naming tradition (clans inherited from the father);
 * NIKs from the district with the +40 day rule for women; education, occupation, disability; DTSEN family
 * variables consistent with welfare. Pure and deterministic for a given rng state.
 */
export function generateHousehold(
  rng: Rng,
  village: SynthVillage,
  options: HouseholdOptions,
): SynthHousehold {
  const referenceDate = options.referenceDate ?? '2026-01-31';
  const refYear = Number(referenceDate.slice(0, 4));
  const welfare = options.welfare ?? rng.normal();
  const urban = village.kind === 'kelurahan';
  const culture = rng.weighted(options.cultures);
  const religion = pickReligion(rng, culture);
  const district = village.code.slice(0, 8);
  const size = householdSize(rng, options.meanSize, welfare);
  const plan = planMembers(rng, size);
  const familyClan = pickClan(rng, culture);
  const spouseClan = pickClan(rng, culture);

  const members: SynthPerson[] = [];
  let childOrder = 0;
  for (const slot of plan) {
    const birthDate = birthDateForAge(rng, slot.age, referenceDate);
    const birthYear = Number(birthDate.slice(0, 4));
    // Children and grandchildren carry the head's (father's) clan; spouses and parents-in-law their own.
    const clan =
      slot.relation === RELATION.wife ||
      slot.relation === RELATION.parentInLaw ||
      slot.relation === RELATION.childInLaw
        ? spouseClan === familyClan
          ? pickClan(rng, culture)
          : spouseClan
        : slot.relation === RELATION.domesticWorker || slot.relation === RELATION.other
          ? pickClan(rng, culture)
          : familyClan;
    if (slot.relation === RELATION.child) childOrder++;
    const education = pickEducation(rng, slot.age, birthYear, welfare);
    const occupation = pickOccupation(rng, { age: slot.age, sex: slot.sex, education }, welfare, urban);
    const bareName = generateName(rng, {
      culture,
      religion,
      sex: slot.sex,
      birthYear,
      clan,
      birthOrder: slot.relation === RELATION.child ? childOrder : rng.int(1, 4),
    });
    const name = addRegisterTitles(rng, bareName, {
      religion,
      sex: slot.sex,
      age: slot.age,
      education,
      occupation,
    });
    const moved =
      slot.age >= 17 && options.otherDistricts?.length && rng.chance(options.migrantShare ?? 0.08);
    const nik = moved
      ? formatNik({
          district: rng.pick(options.otherDistricts!),
          birthDate,
          sex: slot.sex,
          serial: rng.int(5001, 9999),
        })
      : options.serials.nik(district, birthDate, slot.sex);
    members.push({
      nik,
      name,
      sex: slot.sex,
      birthDate,
      relation: slot.relation,
      disability: pickDisability(rng, slot.age),
      occupation,
      education,
      maritalStatus: slot.marital,
      religion,
    });
  }

  // The card was (re)issued after the youngest member was born, or at the latest family change.
  const youngest = members.reduce((a, p) => (p.birthDate > a ? p.birthDate : a), `${refYear - 20}-01-01`);
  const recordedOn = dateBetween(
    rng,
    youngest > '2006-01-01' ? youngest : '2006-01-01',
    `${refYear - 1}-12-31`,
  );
  return {
    kk: options.serials.kk(district, recordedOn),
    villageCode: village.code,
    address: `RT ${pad3(rng.int(1, 12))} / RW ${pad3(rng.int(1, 6))}, ${village.name}`,
    culture,
    religion,
    welfare,
    socio: generateSocio(rng, welfare, { urban, raisesPigs: religion !== 'islam' }),
    members,
  };
}

/** Household size: 1 + Poisson around the regional mean, larger for poorer families, capped at 12. */
function householdSize(rng: Rng, meanSize: number, welfare: number): number {
  const lambda = Math.max(0.3, (meanSize - 1) * (1 - 0.08 * Math.max(-2.5, Math.min(2.5, welfare))));
  return Math.min(MAX_SIZE, 1 + rng.poisson(lambda));
}

interface Slot {
  relation: number;
  sex: Sex;
  age: number;
  marital: SynthPerson['maritalStatus'];
}

/** Who lives in a household of `size`, with ages consistent with their relation to the head. */
function planMembers(rng: Rng, size: number): Slot[] {
  if (size === 1) {
    const elderly = rng.chance(0.55);
    const age = elderly ? rng.int(60, 88) : rng.int(20, 59);
    const sex: Sex = elderly ? (rng.chance(0.7) ? 'P' : 'L') : rng.chance(0.6) ? 'L' : 'P';
    const marital =
      age < 30 ? 'BELUM KAWIN' : elderly ? 'CERAI MATI' : rng.pick(['BELUM KAWIN', 'CERAI HIDUP'] as const);
    return [{ relation: RELATION.head, sex, age, marital }];
  }
  let remaining = size - 1;
  const couple = rng.chance(size === 2 ? 0.75 : 0.88);
  const femaleHead = couple ? rng.chance(0.02) : rng.chance(0.75);
  const extended = remaining >= 3 && rng.chance(0.2);
  const withGrandchildren = remaining >= 4 && rng.chance(0.12);
  const childCount = Math.max(
    0,
    remaining - (couple ? 1 : 0) - (extended ? 1 : 0) - (withGrandchildren ? 3 : 0),
  );
  // The head is old enough for the eldest child (and for grandchildren).
  const minHeadAge = Math.max(20, 19 + (childCount > 0 ? 1 + 2 * childCount : 0), withGrandchildren ? 44 : 0);
  const maxHeadAge = extended ? 62 : 80;
  const headAge = clamp(Math.round(44 + 12 * rng.normal()), minHeadAge, Math.max(minHeadAge, maxHeadAge));
  const headSex: Sex = femaleHead ? 'P' : 'L';
  const slots: Slot[] = [];
  const headMarital = couple
    ? 'KAWIN'
    : headAge >= 50
      ? 'CERAI MATI'
      : rng.pick(['CERAI HIDUP', 'CERAI MATI'] as const);
  slots.push({ relation: RELATION.head, sex: headSex, age: headAge, marital: headMarital });
  let motherAge = headAge;
  if (couple) {
    // A wife old enough to be the mother of all the children.
    const spouseAge = clamp(
      headSex === 'L' ? headAge - rng.int(-2, 8) : headAge + rng.int(0, 8),
      Math.max(17, minHeadAge - 3),
      95,
    );
    slots.push({
      relation: headSex === 'L' ? RELATION.wife : RELATION.husband,
      sex: headSex === 'L' ? 'P' : 'L',
      age: spouseAge,
      marital: 'KAWIN',
    });
    if (headSex === 'L') motherAge = spouseAge;
    remaining--;
  }
  if (withGrandchildren) {
    // A married child with their spouse and a grandchild or two.
    const childAge = clamp(motherAge - rng.int(20, 30), 20, 60);
    const childSex: Sex = rng.chance(0.5) ? 'L' : 'P';
    slots.push({ relation: RELATION.child, sex: childSex, age: childAge, marital: 'KAWIN' });
    slots.push({
      relation: RELATION.childInLaw,
      sex: childSex === 'L' ? 'P' : 'L',
      age: clamp(childAge + rng.int(-3, 4), 17, 70),
      marital: 'KAWIN',
    });
    const parentOfGrandchild = childSex === 'P' ? childAge : childAge - 2;
    slots.push({
      relation: RELATION.grandchild,
      sex: rng.chance(0.51) ? 'L' : 'P',
      age: rng.int(0, Math.max(0, Math.min(17, parentOfGrandchild - 18))),
      marital: 'BELUM KAWIN',
    });
    remaining -= 3;
  }
  if (extended) {
    const ofHead = rng.chance(0.6);
    const age = clamp((ofHead ? headAge : motherAge) + rng.int(20, 32), 55, 99);
    slots.push({
      relation: ofHead ? RELATION.parent : RELATION.parentInLaw,
      sex: rng.chance(0.7) ? 'P' : 'L',
      age,
      marital: 'CERAI MATI',
    });
    remaining--;
  }
  // Children, eldest first, born while the mother was 18–44.
  const eldestMax = Math.min(motherAge - 18, 40);
  // Leave room for the younger children (about 2.5 years apart) below the eldest.
  const slack = Math.max(0, Math.min(10, eldestMax - Math.ceil(2.5 * Math.max(0, remaining - 1))));
  let age = eldestMax >= 0 ? Math.max(0, eldestMax - rng.int(0, slack)) : -1;
  for (let i = 0; i < remaining; i++) {
    if (age < 0 || motherAge - age > 44) {
      // No room for another child of this mother: another relative (nephew, cousin) or, rarely, a helper.
      const r = rng.next();
      const relation = r < 0.9 ? RELATION.otherRelative : r < 0.95 ? RELATION.domesticWorker : RELATION.other;
      slots.push({ relation, sex: rng.chance(0.5) ? 'L' : 'P', age: rng.int(5, 30), marital: 'BELUM KAWIN' });
      continue;
    }
    const childAge = age;
    slots.push({
      relation: RELATION.child,
      sex: rng.chance(0.51) ? 'L' : 'P',
      age: childAge,
      marital: childAge >= 25 && rng.chance(0.2) ? 'CERAI HIDUP' : 'BELUM KAWIN',
    });
    age = childAge - rng.int(1, 4);
  }
  return slots;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function pad3(n: number): string {
  return String(n).padStart(3, '0');
}

/** Age of a synthetic person on a date. */
export function personAge(person: SynthPerson, referenceDate: string): number {
  return ageOn(person.birthDate, referenceDate);
}
