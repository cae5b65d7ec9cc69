import type { HouseholdData, MemberData } from './household-context.js';
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
  readonly starts = new Int32Array(16);
  readonly ends = new Int32Array(16);
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

  number(k: number): number | null {
    return this.isNull(k) ? null : Number(this.source.slice(this.starts[k], this.ends[k]));
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
        const days = p.intOrNull(1);
        const sex = p.isNull(2) ? 0 : p.char(2);
        members.push({
          birthDate: days === null ? null : ymdFromDays(days),
          sex: sex === 76 ? 'L' : sex === 80 ? 'P' : null,
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
    const villageCode = h.text(1)!;
    const village = extras.village(villageCode);
    out.push({
      id,
      villageCode,
      villageKind: village.kind,
      decile: h.intOrNull(2),
      pmtScore: h.number(3),
      extremePoor: h.bool(4),
      members,
      programs,
      isCoopMember: extras.isCoopMember(id),
      cooperative: village.cooperative,
      village: village.profile,
    });
  }
  return out;
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
