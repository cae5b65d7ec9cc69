import {
  regionPrefixes,
  type HouseholdData,
  type MemberData,
  type MemberSummary,
  type RegionPrefixes,
} from './household-context.js';
import { ymdFromEpochDays } from '../shared/civil-date.js';

/**
 * Decoders for the compact rows the context repository reads with COPY (PostgreSQL's text format: one row
 * per line, tab-separated, `\N` for null, backslash escapes in text). Three streams, each ordered by
 * household id, are merged here: households, their persons (by person id) and their current enrolments.
 * Pure and allocation-lean, so millions of rows decode in seconds.
 */

const TAB = 9;
const BACKSLASH = 92;

/** Reverses COPY text escaping of one field (only called when the field holds a backslash). */
export function unescapeCopy(field: string): string {
  let out = '';
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    if (c !== BACKSLASH || i + 1 >= field.length) {
      out += field[i];
      continue;
    }
    const next = field[++i]!;
    out += ESCAPES[next] ?? next;
  }
  return out;
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v' };

/** yyyymmdd of a day count since 2000-01-01 (10,957 days after 1970-01-01). */
export function ymdFromDays(days: number): number {
  return ymdFromEpochDays(days + 10957);
}

/** Splits COPY text into lines and fields, one line at a time, without copying the text. */
class LineCursor {
  private pos = 0;
  readonly starts = new Int32Array(32);
  readonly ends = new Int32Array(32);
  fields = 0;

  constructor(private readonly source: string) {}

  /** Advances to the next line; false at the end. */
  next(): boolean {
    const text = this.source;
    if (this.pos >= text.length) return false;
    let end = text.indexOf('\n', this.pos);
    if (end < 0) end = text.length;
    let field = 0;
    this.starts[0] = this.pos;
    for (let i = this.pos; i < end; i++) {
      if (text.charCodeAt(i) === TAB) {
        this.ends[field] = i;
        this.starts[++field] = i + 1;
      }
    }
    this.ends[field] = end;
    this.fields = field + 1;
    this.pos = end + 1;
    return true;
  }

  isNull(k: number): boolean {
    const s = this.starts[k]!;
    return (
      this.ends[k]! - s === 2 &&
      this.source.charCodeAt(s) === BACKSLASH &&
      this.source.charCodeAt(s + 1) === 78
    );
  }

  int(k: number): number {
    const text = this.source;
    let i = this.starts[k]!;
    const end = this.ends[k]!;
    let negative = false;
    if (text.charCodeAt(i) === 45) {
      negative = true;
      i++;
    }
    let n = 0;
    for (; i < end; i++) n = n * 10 + (text.charCodeAt(i) - 48);
    return negative ? -n : n;
  }

  intOrNull(k: number): number | null {
    return this.isNull(k) ? null : this.int(k);
  }

  text(k: number): string | null {
    if (this.isNull(k)) return null;
    const raw = this.source.slice(this.starts[k], this.ends[k]);
    return raw.includes('\\') ? unescapeCopy(raw) : raw;
  }

  /** 't'/'f' as boolean, `\N` as null. */
  bool(k: number): boolean | null {
    return this.isNull(k) ? null : this.source.charCodeAt(this.starts[k]!) === 116;
  }

  char(k: number): number {
    return this.source.charCodeAt(this.starts[k]!);
  }

  /** A birth date written as days since 2000-01-01, as yyyymmdd. */
  birthDate(k: number): number | null {
    const days = this.intOrNull(k);
    return days === null ? null : ymdFromDays(days);
  }

  /** 'L'/'P'; null for anything else. */
  sex(k: number): 'L' | 'P' | null {
    const c = this.isNull(k) ? 0 : this.char(k);
    return c === 76 ? 'L' : c === 80 ? 'P' : null;
  }

  number(k: number): number | null {
    return this.isNull(k) ? null : Number(this.source.slice(this.starts[k], this.ends[k]));
  }

  /**
   * The digits of field k as one number, dots skipped (a region code's key); -1 when it holds anything
   * else or too many digits to be exact.
   */
  digitsKey(k: number): number {
    const text = this.source;
    const end = this.ends[k]!;
    let n = 0;
    let digits = 0;
    for (let i = this.starts[k]!; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 46) continue;
      if (c < 48 || c > 57 || ++digits > 15) return -1;
      n = n * 10 + (c - 48);
    }
    return n;
  }

  /** Whether field k holds exactly `value`, compared in place (a loop: startsWith at an offset is slower). */
  equals(k: number, value: string): boolean {
    const s = this.starts[k]!;
    const n = value.length;
    if (this.ends[k]! - s !== n) return false;
    const text = this.source;
    for (let i = 0; i < n; i++) if (text.charCodeAt(s + i) !== value.charCodeAt(i)) return false;
    return true;
  }

  expect(n: number, what: string): void {
    if (this.fields !== n) throw new Error(`${what} row has ${this.fields} fields, expected ${n}`);
  }
}

/** Column lists of the three streams, in the order the decoder reads them. */
export const HOUSEHOLD_COLUMNS = 'id, village_code, decile, pmt_score, extreme_poor';
/** Birth date as days since 2000-01-01: integer arithmetic on both sides. */
export const PERSON_COLUMNS =
  "household_id, birth_date - DATE '2000-01-01', sex, relation, disability, occupation, education";

/** What a household's village brings: its kind, the cooperative serving it, its profile. */
export interface VillageFacts {
  kind: string | null;
  cooperative: HouseholdData['cooperative'];
  profile: HouseholdData['village'];
}

/** Everything about households that is not in the three streams. */
export interface HouseholdExtras {
  village(code: string): VillageFacts;
  /** Programs reached by NIK only (enrolment without household), by household id. */
  nikPrograms(householdId: number): readonly string[] | undefined;
  isCoopMember(householdId: number): boolean;
}

/** A village code read once, with its facts: later rows reuse both without slicing or hashing text. */
interface InternedVillage {
  code: string;
  /**
   * Dense number of the village among those interned for one extras (HouseholdData.villageIndex); -1 when
   * not interned.
   */
  index: number;
  regions: RegionPrefixes;
  facts: VillageFacts;
}

/**
 * Interned villages by the digits of their code, in an open-addressing table of typed arrays: one probe
 * per household at national scale (tens of thousands of villages), no boxed keys.
 */
class VillageTable {
  private keys = new Float64Array(1024);
  private slots = new Int32Array(1024).fill(-1);
  readonly villages: InternedVillage[] = [];

  get(key: number): InternedVillage | undefined {
    const mask = this.slots.length - 1;
    for (let i = hashOf(key) & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot < 0) return undefined;
      if (this.keys[i] === key) return this.villages[slot];
    }
  }

  add(key: number, village: InternedVillage): InternedVillage {
    village.index = this.villages.length;
    this.villages.push(village);
    if (this.villages.length * 2 > this.slots.length) this.grow();
    this.put(key, village.index);
    return village;
  }

  private put(key: number, slot: number): void {
    const mask = this.slots.length - 1;
    let i = hashOf(key) & mask;
    while (this.slots[i]! >= 0) i = (i + 1) & mask;
    this.keys[i] = key;
    this.slots[i] = slot;
  }

  private grow(): void {
    const { keys, slots } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.slots = new Int32Array(slots.length * 2).fill(-1);
    for (let i = 0; i < slots.length; i++) if (slots[i]! >= 0) this.put(keys[i]!, slots[i]!);
  }
}

/** Mixes the low and high parts of a key of up to 15 digits. */
function hashOf(key: number): number {
  const high = Math.floor(key / 4294967296);
  return Math.imul((key >>> 0) ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> 7;
}

/** Interned village codes of one stream (its extras). */
const internedVillages = new WeakMap<HouseholdExtras, VillageTable>();

/** The village code in field k and its facts, the same string object for every household of the village. */
function villageAt(row: LineCursor, k: number, extras: HouseholdExtras): InternedVillage {
  let table = internedVillages.get(extras);
  if (!table) internedVillages.set(extras, (table = new VillageTable()));
  const key = row.digitsKey(k);
  const known = key >= 0 ? table.get(key) : undefined;
  if (known && row.equals(k, known.code)) return known;
  // A copy, not a slice of the page's text: the interned code outlives the page.
  const code = flat(row.text(k)!);
  const village = { code, index: -1, regions: regionPrefixes(code), facts: extras.village(code) };
  // Another code with the same digits (not a real code) stays uninterned.
  return key >= 0 && !known ? table.add(key, village) : village;
}

/** A string with its own characters (V8 keeps longer slices as views into the string they came from). */
function flat(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/**
 * A household from the columns both streams start with (id, village code, decile, PMT score, extreme poor)
 * and what the caller decoded for it: either its members or their summary.
 */
function household(
  row: LineCursor,
  id: number,
  extras: HouseholdExtras,
  programs: string[],
  members: MemberData[],
  summary?: MemberSummary,
): HouseholdData {
  const { code, index, regions, facts } = villageAt(row, 1, extras);
  return {
    id,
    villageCode: code,
    villageIndex: index >= 0 ? index : undefined,
    regions,
    villageKind: facts.kind,
    decile: row.intOrNull(2),
    pmtScore: row.number(3),
    extremePoor: row.bool(4),
    members,
    summary,
    programs,
    isCoopMember: extras.isCoopMember(id),
    cooperative: facts.cooperative,
    village: facts.profile,
  };
}

/**
 * Merges one page of the three streams into households, in household-id order. Persons and enrolments of
 * households not in the page (possible with a region scope) are skipped.
 */
export function decodeHouseholdPage(
  households: string,
  persons: string,
  enrolments: string,
  extras: HouseholdExtras,
): HouseholdData[] {
  const out: HouseholdData[] = [];
  visitHouseholdPage(households, persons, enrolments, extras, (data) => out.push(data));
  return out;
}

/**
 * decodeHouseholdPage one household at a time: nothing is kept, so a page's households die young (no page
 * of objects for the garbage collector to promote).
 */
export function visitHouseholdPage(
  households: string,
  persons: string,
  enrolments: string,
  extras: HouseholdExtras,
  visit: (data: HouseholdData) => void,
): void {
  const h = new LineCursor(households);
  const p = new LineCursor(persons);
  const e = new LineCursor(enrolments);
  let hasPerson = p.next();
  let hasEnrolment = e.next();
  while (h.next()) {
    h.expect(5, 'household');
    const id = h.int(0);
    const members: MemberData[] = [];
    while (hasPerson) {
      p.expect(7, 'person');
      const owner = p.int(0);
      if (owner > id) break;
      if (owner === id) {
        members.push({
          birthDate: p.birthDate(1),
          sex: p.sex(2),
          relation: p.intOrNull(3),
          disability: p.bool(4) === true,
          occupation: p.text(5),
          education: p.text(6),
        });
      }
      hasPerson = p.next();
    }
    let programs: string[] = [];
    while (hasEnrolment) {
      e.expect(2, 'enrolment');
      const owner = e.int(0);
      if (owner > id) break;
      if (owner === id) programs.push(e.text(1)!);
      hasEnrolment = e.next();
    }
    const byNik = extras.nikPrograms(id);
    if (byNik) programs.push(...byNik);
    if (programs.length > 1) programs = [...new Set(programs)].sort();
    visit(household(h, id, extras, programs, members));
  }
}

/** Separates program codes in the summary stream's programs field (string_agg). */
export const PROGRAM_SEPARATOR = '\x1f';

/**
 * Fields of the summary stream (one row per household, member aggregates computed by the database), in
 * order: the household columns, then size, productive, elderly, children, disabled, heads (count), the
 * first head's birth date (days since 2000-01-01), sex, disability, occupation, education, and the current
 * programs linked by household id (PROGRAM_SEPARATOR-joined, any order, maybe repeated; null for none).
 */
export const SUMMARY_FIELDS = 17;

/** Distinct program lists of one stream as the database wrote them, decoded once (few combinations occur). */
const programLists = new WeakMap<HouseholdExtras, Array<{ raw: string; list: string[] }>>();
const MAX_PROGRAM_LISTS = 64;
const NO_PROGRAMS: string[] = [];

/**
 * The programs field k as a sorted list without repeats. Households with the same field share one array:
 * nobody may change it.
 */
function linkedPrograms(row: LineCursor, k: number, extras: HouseholdExtras): string[] {
  if (row.isNull(k)) return NO_PROGRAMS;
  let seen = programLists.get(extras);
  if (!seen) programLists.set(extras, (seen = []));
  for (const entry of seen) if (row.equals(k, entry.raw)) return entry.list;
  const raw = row.text(k)!;
  const list = [...new Set(raw.split(PROGRAM_SEPARATOR))].sort();
  if (seen.length < MAX_PROGRAM_LISTS && !raw.includes('\\')) seen.push({ raw, list });
  return list;
}

/** Decodes one page of the summary stream (see SUMMARY_FIELDS) into households with member summaries. */
export function decodeSummaryPage(rows: string, extras: HouseholdExtras): HouseholdData[] {
  const out: HouseholdData[] = [];
  visitSummaryPage(rows, extras, (data) => out.push(data));
  return out;
}

/** decodeSummaryPage one household at a time (see visitHouseholdPage). */
export function visitSummaryPage(
  rows: string,
  extras: HouseholdExtras,
  visit: (data: HouseholdData) => void,
): void {
  const r = new LineCursor(rows);
  while (r.next()) {
    r.expect(SUMMARY_FIELDS, 'household summary');
    const id = r.int(0);
    let head: MemberData | null = null;
    if (r.int(10) > 0) {
      head = {
        birthDate: r.birthDate(11),
        sex: r.sex(12),
        relation: 1,
        disability: r.bool(13) === true,
        occupation: r.text(14),
        education: r.text(15),
      };
    }
    const summary: MemberSummary = {
      size: r.int(5),
      productive: r.int(6),
      elderly: r.int(7),
      children: r.int(8),
      disabled: r.int(9),
      head,
    };
    let programs = linkedPrograms(r, 16, extras);
    const byNik = extras.nikPrograms(id);
    if (byNik) programs = [...new Set([...programs, ...byNik])].sort();
    visit(household(r, id, extras, programs, [], summary));
  }
}

/** A sorted set of household ids in a typed array: compact at national scale, binary search to test. */
export class SortedIds {
  private readonly ids: Float64Array;

  constructor(ids: Iterable<number>) {
    this.ids = Float64Array.from(ids).sort();
  }

  has(id: number): boolean {
    const a = this.ids;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = a[mid]!;
      if (v === id) return true;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/**
 * Which ids a set may hold, by their low bits in a bitmap of at least 32 bits per id: most ids are told
 * absent with one array read, before a slower exact lookup. No false negatives.
 */
export class IdFilter {
  private readonly words: Int32Array;
  private readonly mask: number;

  constructor(ids: readonly number[]) {
    let bits = 1024;
    while (bits < ids.length * 32 && bits < 2 ** 30) bits *= 2;
    this.words = new Int32Array(bits / 32);
    this.mask = bits - 1;
    for (const id of ids) {
      const bit = id & this.mask; // ToInt32 keeps the low 32 bits of any safe integer
      this.words[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  mayHave(id: number): boolean {
    const bit = id & this.mask;
    return (this.words[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }
}
