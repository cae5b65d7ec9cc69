import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** One side of a review pair as the platform holds it: the fields a clerk compares, unmasked. */
export interface ReviewRecord {
  key: string;
  kind: 'person' | 'enrolment' | 'member';
  id: number;
  /** Person id for person keys; the person the row is linked to (if any) for enrolment and member keys. */
  personId: number | null;
  nik: string | null;
  kk: string | null;
  name: string;
  birthDate: string | null;
  sex: string | null;
  villageCode: string | null;
  /** Where the row comes from, in words: "DTSEN", "PKH 2026-01", "Kopdes Sumber Rejeki (member 0012)". */
  source: string;
}

const KEY = /^(person|enrolment|member):(\d{1,15})$/;

function idsOf(keys: readonly string[], kind: ReviewRecord['kind']): number[] {
  const ids: number[] = [];
  for (const key of keys) {
    const m = KEY.exec(key);
    if (m && m[1] === kind) ids.push(Number(m[2]));
  }
  return [...new Set(ids)];
}

/**
 * The records behind review keys of platform runs ("person:12", "enrolment:7", "member:3"), by key. Keys of
 * file linkage runs (rows of files outside the database) and rows deleted since the run are absent.
 */
export async function loadReviewRecords(
  db: Kysely<DB>,
  keys: readonly string[],
): Promise<Map<string, ReviewRecord>> {
  const out = new Map<string, ReviewRecord>();
  const persons = idsOf(keys, 'person');
  if (persons.length > 0) {
    const rows = await db
      .selectFrom('persons as p')
      .leftJoin('households as h', (j) =>
        j.onRef('h.province_code', '=', 'p.province_code').onRef('h.id', '=', 'p.household_id'),
      )
      .select(['p.id', 'p.nik', 'h.kk', 'p.name', 'p.birth_date', 'p.sex', 'h.village_code'])
      .where('p.id', 'in', persons)
      .execute();
    for (const r of rows)
      out.set(`person:${r.id}`, {
        key: `person:${r.id}`,
        kind: 'person',
        id: r.id,
        personId: r.id,
        nik: r.nik,
        kk: r.kk,
        name: r.name,
        birthDate: r.birth_date,
        sex: r.sex,
        villageCode: r.village_code,
        source: 'DTSEN',
      });
  }
  const enrolments = idsOf(keys, 'enrolment');
  if (enrolments.length > 0) {
    const rows = await db
      .selectFrom('program_enrolments')
      .select(['id', 'nik', 'kk', 'name', 'village_code', 'program_code', 'period', 'person_id'])
      .where('id', 'in', enrolments)
      .execute();
    for (const r of rows)
      out.set(`enrolment:${r.id}`, {
        key: `enrolment:${r.id}`,
        kind: 'enrolment',
        id: r.id,
        personId: r.person_id,
        nik: r.nik,
        kk: r.kk,
        name: r.name,
        birthDate: null,
        sex: null,
        villageCode: r.village_code,
        source: `${r.program_code} ${r.period}`,
      });
  }
  const members = idsOf(keys, 'member');
  if (members.length > 0) {
    const rows = await db
      .selectFrom('cooperative_members as m')
      .innerJoin('cooperatives as c', 'c.id', 'm.cooperative_id')
      .select([
        'm.id',
        'm.nik',
        'm.name',
        'm.member_no',
        'm.person_id',
        'c.name as cooperative',
        'c.village_code',
      ])
      .where('m.id', 'in', members)
      .execute();
    for (const r of rows)
      out.set(`member:${r.id}`, {
        key: `member:${r.id}`,
        kind: 'member',
        id: r.id,
        personId: r.person_id,
        nik: r.nik,
        kk: null,
        name: r.name,
        birthDate: null,
        sex: null,
        villageCode: r.village_code,
        source: r.member_no ? `${r.cooperative} (member ${r.member_no})` : r.cooperative,
      });
  }
  return out;
}
