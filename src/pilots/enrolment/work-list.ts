/**
 * A facilitator's work list: the enrolments still open in the given villages, next step first, with NIK and
 * address masked unless the caller may see them (pii:read and a stated purpose, as for a household's NIK/KK). Persons whose latest cooperative_enrolment consent is a withdrawal are
 * never listed (their enrolment is withdrawn, and a household-level withdrawal after the fact is honoured here too),
 * nor are persons whom accepted field verification reported deceased or moved out of the household.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { householdRegionCondition } from '../../regions/region-condition.js';
import { shownIdentifier } from '../../privacy/pii.js';
import { say, type Bilingual } from '../../shared/errors.js';
import { OPEN_STATES, type FunnelState } from './funnel.js';

export const NEXT_STEP: Partial<Record<FunnelState, Bilingual>> = {
  identified: say('first visit: explain the cooperative', 'kunjungan pertama: jelaskan koperasi'),
  contacted: say('ask for consent', 'minta persetujuan'),
  unreachable: say('try again', 'coba kunjungi lagi'),
  consented: say('register as member', 'daftarkan sebagai anggota'),
  registered: say('collect simpanan pokok', 'tagih simpanan pokok'),
  paid_pokok: say('activate membership', 'aktifkan keanggotaan'),
};

/** An address as a list shows it without identifiers: its first word (e.g. "Jalan", "Dusun"), the rest hidden. */
export function maskAddress(address: string | null): string | null {
  if (address === null) return null;
  const first = address.trim().split(/\s+/)[0] ?? '';
  return first.length === 0 ? null : `${first.replace(/\d/g, '*')} ***`;
}

export interface WorkListRow {
  enrolment_id: number;
  version: number;
  pilot_id: number;
  wave_no: number;
  village_code: string;
  household_id: number;
  person_id: number;
  name: string;
  nik: string | null;
  address: string | null;
  treatment: string;
  state: FunnelState;
  next_step: Bilingual;
  facilitator: string | null;
  last_visit_on: string | null;
  next_visit_on: string | null;
}

export async function workList(
  db: Kysely<DB>,
  filter: {
    villages: readonly string[] | null;
    pilotId?: number | undefined;
    /** Only enrolments registering into this cooperative (a coop_officer's list). */
    cooperativeId?: number | undefined;
    reveal: boolean;
    limit?: number;
  },
): Promise<WorkListRow[]> {
  let query = db
    .selectFrom('pilot_enrolments as e')
    .innerJoin('persons as p', 'p.id', 'e.person_id')
    .innerJoin('households as h', 'h.id', 'e.household_id')
    .select([
      'e.id as enrolment_id',
      'e.version',
      'e.pilot_id',
      'e.wave_no',
      'e.village_code',
      'e.household_id',
      'e.person_id',
      'p.name',
      'p.nik',
      'h.address',
      'e.treatment',
      'e.state',
      'e.facilitator',
      sql<string | null>`(SELECT max(v.visited_on)::text FROM pilot_visits v WHERE v.enrolment_id = e.id)`.as(
        'last_visit_on',
      ),
      sql<
        string | null
      >`(SELECT v.next_visit_on::text FROM pilot_visits v WHERE v.enrolment_id = e.id ORDER BY v.visited_on DESC, v.id DESC LIMIT 1)`.as(
        'next_visit_on',
      ),
    ])
    .where('e.state', 'in', [...OPEN_STATES])
    // Field verification: a person reported deceased or moved out of the household is not visited.
    .where('p.deceased_on', 'is', null)
    .whereRef('p.household_id', '=', 'e.household_id')
    .where(
      sql<boolean>`coalesce((SELECT c.status FROM consent_records c
        WHERE c.province_code = e.province_code AND c.household_id = e.household_id
        AND c.purpose = 'cooperative_enrolment' AND (c.person_id = e.person_id OR (c.person_id IS NULL AND p.relation = 1))
        ORDER BY c.decided_at DESC, c.id DESC LIMIT 1), 'none') <> 'withdrawn'`,
    )
    .orderBy('e.village_code')
    .orderBy('e.state')
    .orderBy('e.id')
    .limit(filter.limit ?? 5000);
  if (filter.villages !== null)
    query = query.where(householdRegionCondition('e.village_code', filter.villages));
  if (filter.pilotId !== undefined) query = query.where('e.pilot_id', '=', filter.pilotId);
  if (filter.cooperativeId !== undefined) query = query.where('e.cooperative_id', '=', filter.cooperativeId);
  const rows = await query.execute();
  return rows.map((r) => ({
    ...r,
    nik: shownIdentifier(r.nik, filter.reveal),
    address: filter.reveal ? r.address : maskAddress(r.address),
    next_step: NEXT_STEP[r.state]!,
  }));
}

/** The work list as a CSV/XLSX table (the same columns for the API download and `entas enrol work-list --out`). */
export const WORK_LIST_HEADERS = [
  'enrolment_id',
  'version',
  'village_code',
  'household_id',
  'name',
  'nik',
  'address',
  'treatment',
  'state',
  'next_step',
  'last_visit_on',
  'next_visit_on',
  'signature',
] as const;

export function workListCells(rows: readonly WorkListRow[], lang: 'en' | 'id'): (string | number | null)[][] {
  return rows.map((r) => [
    r.enrolment_id,
    r.version,
    r.village_code,
    r.household_id,
    r.name,
    r.nik,
    r.address,
    r.treatment,
    r.state,
    r.next_step[lang],
    r.last_visit_on,
    r.next_visit_on,
    '',
  ]);
}
