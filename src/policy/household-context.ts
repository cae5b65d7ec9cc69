import { CelCooperative, CelHouseholdValue, CelMember, CelVillage } from './context-schema.js';

/**
 * Builds the household context rules read (docs/POLICY.md) from plain household data. Pure: the
 * repository gathers the data set-based, this turns it into CEL values (whole numbers as bigint).
 */

export interface MemberData {
  /** ISO date text, or the same date as the number yyyymmdd (what the repository decodes). */
  birthDate: string | number | null;
  sex: 'L' | 'P' | null;
  relation: number | null;
  disability: boolean;
  occupation: string | null;
  education: string | null;
}

/** What the context derives from the members, computed set-based when the member list itself is not read. */
export interface MemberSummary {
  size: number;
  productive: number;
  elderly: number;
  children: number;
  disabled: number;
  /** The first member (by person id) with relation 1. */
  head: MemberData | null;
}

export interface CooperativeData {
  id: number;
  registrationNo: string;
  name: string;
  status: string;
  memberCapacity: number | null;
  members: number;
}

export interface VillageProfileData {
  mainLivelihoods: string[];
  commodities: string[];
  hasMarket: boolean | null;
  marketDistanceKm: number | null;
  roadAccess: string | null;
  hasElectricity: boolean | null;
  hasInternet: boolean | null;
  bumdesCount: number | null;
  bumdesActive: boolean | null;
  cooperativeReadiness: number | null;
}

/** The province, regency and district codes a village code starts with (see codePrefix). */
export interface RegionPrefixes {
  province: string;
  regency: string;
  district: string;
}

export interface HouseholdData {
  id: number;
  villageCode: string;
  /**
   * The prefixes of villageCode when the reader already has them (decoders share one object per village);
   * computed from villageCode otherwise.
   */
  regions?: RegionPrefixes;
  /**
   * A dense number the reader gave villageCode, the same for every household of the village it read (see
   * SimulationAccumulator.add); not part of the context.
   */
  villageIndex?: number;
  /** regions.kind of the village: kelurahan, desa or desa_adat (null when the region row has none). */
  villageKind: string | null;
  decile: number | null;
  pmtScore: number | null;
  /** DTSEN "miskin ekstrem" flag (households.extreme_poor); null when the extract did not say. */
  extremePoor: boolean | null;
  /** Every member, in person-id order; empty when `summary` is given instead. */
  members: MemberData[];
  /**
   * The member aggregates computed by the database (the compact read, for policies that never read the
   * member list): the context then has them without a `members` list.
   */
  summary?: MemberSummary;
  programs: string[];
  isCoopMember: boolean;
  cooperative: CooperativeData | null;
  village: VillageProfileData | null;
}

/**
 * The household as rules see it (`household` in CEL). Whole numbers are JavaScript numbers here; the
 * reference CEL evaluator gets them as int (bigint) through `toCelValue`. Absent optional fields are left out.
 */
export type CelHousehold = Record<string, unknown>;

/** Context fields that are CEL doubles; every other number is an int. */
const DOUBLE_FIELDS = new Set(['pmt_score', 'market_distance_km']);

function celScalars(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values))
    out[k] = typeof v === 'number' && !DOUBLE_FIELDS.has(k) ? BigInt(v) : v;
  return out;
}

/** The same household as typed CEL values (ints as bigint), for the reference evaluator. */
export function toCelValue(h: CelHousehold): CelHouseholdValue {
  const values = celScalars(h);
  if (h.members)
    values.members = (h.members as Array<Record<string, unknown>>).map((m) => new CelMember(celScalars(m)));
  if (h.head) values.head = new CelMember(celScalars(h.head as Record<string, unknown>));
  if (h.cooperative)
    values.cooperative = new CelCooperative(celScalars(h.cooperative as Record<string, unknown>));
  if (h.village) values.village = new CelVillage(celScalars(h.village as Record<string, unknown>));
  return new CelHouseholdValue(values);
}

export const PRODUCTIVE_MIN_AGE = 15;
export const PRODUCTIVE_MAX_AGE = 64;
export const ELDERLY_MIN_AGE = 60;
export const CHILD_MAX_AGE = 17;

/** YYYY-MM-DD as the number yyyymmdd. */
export function ymdOf(isoDate: string): number {
  return (
    Number(isoDate.slice(0, 4)) * 10000 + Number(isoDate.slice(5, 7)) * 100 + Number(isoDate.slice(8, 10))
  );
}

/**
 * Whole years completed at `asOf` (YYYY-MM-DD, or yyyymmdd); the birth date is YYYY-MM-DD or yyyymmdd.
 * A birthday on 29 February is completed on 1 March in common years. Null when the birth date is unknown
 * or after `asOf`. (With both as yyyymmdd, whole years are the thousands of the difference.)
 */
export function ageAt(birthDate: string | number | null, asOf: string | number): number | null {
  let birth: number;
  if (typeof birthDate === 'number') birth = birthDate;
  else if (!birthDate || birthDate.length < 10) return null;
  else birth = ymdOf(birthDate);
  const at = typeof asOf === 'number' ? asOf : ymdOf(asOf);
  if (birth > at) return null;
  return Math.floor((at - birth) / 10000);
}

/**
 * The latest birth date (YYYY-MM-DD) of someone who has completed `years` at `asOf`, as ageAt counts: the
 * same day and month `years` earlier, or the last day of February when that day is 29 February of a common
 * year. So `age >= years` exactly when `birth_date <= birthDateForAge(asOf, years)`: the database counts
 * age groups with date comparisons that agree with ageAt by construction.
 */
export function birthDateForAge(asOf: string, years: number): string {
  const at = ymdOf(asOf);
  const year = Math.floor(at / 10000) - years;
  const month = Math.floor(at / 100) % 100;
  let day = at % 100;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month === 2 && day === 29 && !leap) day = 28;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** A member as rules see it (absent fields left out). */
function memberValue(m: MemberData, age: number | null): Record<string, unknown> {
  const member: Record<string, unknown> = { disability: m.disability };
  if (age !== null) member.age = age;
  if (m.sex) member.sex = m.sex;
  if (m.relation !== null) member.relation = m.relation;
  if (m.occupation) member.occupation = m.occupation;
  if (m.education) member.education = m.education;
  return member;
}

/** as_of of the last context built, as yyyymmdd: a run builds millions of contexts at one date. */
let lastAsOf = '';
let lastAt = 0;

export function buildHouseholdContext(data: HouseholdData, asOf: string): CelHousehold {
  if (asOf !== lastAsOf) {
    lastAt = ymdOf(asOf);
    lastAsOf = asOf;
  }
  const at = lastAt;
  const code = data.villageCode;
  const regions = data.regions ?? regionPrefixes(code);
  const h: Record<string, unknown> = {
    id: data.id,
    size: 0,
    village_code: code,
    province_code: regions.province,
    regency_code: regions.regency,
    district_code: regions.district,
    is_urban: data.villageKind === 'kelurahan',
    productive_members: 0,
    elderly_members: 0,
    children: 0,
    disabled_members: 0,
    programs: data.programs,
    is_coop_member: data.isCoopMember,
  };
  let head: Record<string, unknown> | undefined;
  const s = data.summary;
  if (s) {
    h.size = s.size;
    h.productive_members = s.productive;
    h.elderly_members = s.elderly;
    h.children = s.children;
    h.disabled_members = s.disabled;
    if (s.head) head = memberValue(s.head, ageAt(s.head.birthDate, at));
  } else {
    const members: Record<string, unknown>[] = [];
    let productive = 0;
    let elderly = 0;
    let children = 0;
    let disabled = 0;
    for (const m of data.members) {
      const age = ageAt(m.birthDate, at);
      if (age !== null) {
        if (age >= PRODUCTIVE_MIN_AGE && age <= PRODUCTIVE_MAX_AGE) productive++;
        if (age >= ELDERLY_MIN_AGE) elderly++;
        if (age <= CHILD_MAX_AGE) children++;
      }
      if (m.disability) disabled++;
      const member = memberValue(m, age);
      if (m.relation === 1 && !head) head = member;
      members.push(member);
    }
    h.size = members.length;
    h.members = members;
    h.productive_members = productive;
    h.elderly_members = elderly;
    h.children = children;
    h.disabled_members = disabled;
  }
  if (data.decile !== null) h.decile = data.decile;
  if (data.pmtScore !== null) h.pmt_score = data.pmtScore;
  if (data.extremePoor !== null) h.extreme_poor = data.extremePoor;
  if (head) h.head = head;
  if (data.cooperative) h.cooperative = cooperativeValue(data.cooperative);
  if (data.village) h.village = villageValue(data.villageCode, data.villageKind, data.village);
  return h;
}

export function regionPrefixes(villageCode: string): RegionPrefixes {
  return {
    province: codePrefix(villageCode, 1),
    regency: codePrefix(villageCode, 2),
    district: codePrefix(villageCode, 3),
  };
}

/** The first `parts` dot-separated parts of a region code (the whole code when it has fewer). */
function codePrefix(code: string, parts: number): string {
  let end = -1;
  for (let k = 0; k < parts; k++) {
    end = code.indexOf('.', end + 1);
    if (end < 0) return code;
  }
  return code.slice(0, end);
}

/**
 * Context values of cooperatives and village profiles, built once per data object: every household of a
 * village shares them (rules only read contexts).
 */
const cooperativeValues = new WeakMap<CooperativeData, Record<string, unknown>>();
const villageValues = new WeakMap<
  VillageProfileData,
  { code: string; kind: string | null; value: Record<string, unknown> }
>();

function cooperativeValue(c: CooperativeData): Record<string, unknown> {
  let v = cooperativeValues.get(c);
  if (!v) cooperativeValues.set(c, (v = newCooperativeValue(c)));
  return v;
}

function villageValue(code: string, kind: string | null, p: VillageProfileData): Record<string, unknown> {
  const known = villageValues.get(p);
  if (known && known.code === code && known.kind === kind) return known.value;
  const value = newVillageValue(code, kind, p);
  villageValues.set(p, { code, kind, value });
  return value;
}

function newCooperativeValue(c: CooperativeData): Record<string, unknown> {
  const v: Record<string, unknown> = {
    id: c.id,
    registration_no: c.registrationNo,
    name: c.name,
    status: c.status,
    members: c.members,
  };
  if (c.memberCapacity !== null) v.member_capacity = c.memberCapacity;
  return v;
}

function newVillageValue(code: string, kind: string | null, p: VillageProfileData): Record<string, unknown> {
  const v: Record<string, unknown> = {
    code,
    main_livelihoods: p.mainLivelihoods,
    commodities: p.commodities,
  };
  if (kind) v.kind = kind;
  if (p.hasMarket !== null) v.has_market = p.hasMarket;
  if (p.marketDistanceKm !== null) v.market_distance_km = p.marketDistanceKm;
  if (p.roadAccess !== null) v.road_access = p.roadAccess;
  if (p.hasElectricity !== null) v.has_electricity = p.hasElectricity;
  if (p.hasInternet !== null) v.has_internet = p.hasInternet;
  if (p.bumdesCount !== null) v.bumdes_count = p.bumdesCount;
  if (p.bumdesActive !== null) v.bumdes_active = p.bumdesActive;
  if (p.cooperativeReadiness !== null) v.cooperative_readiness = p.cooperativeReadiness;
  return v;
}

/** CEL values back to JSON-friendly values (bigint → number) for stored inputs and explanations. */
export function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}
