/**
 * The platform's own records as linkage inputs (pure): DTSEN persons are the reference population (left), and
 * bansos recipient rows and cooperative member rows are linked to them (right). Record keys name the table and
 * row ("person:12", "enrolment:7", "member:3"); the review queue and review decisions use the same keys, so a
 * decision outlives the run that raised it.
 */
import type { RecordTable } from '../record-table.js';
import { personPreset, type LinkSettings } from '../settings.js';

export type SourceTable = 'program_enrolments' | 'cooperative_members';

/** `--source` of `entas link run`: which source tables a run links. */
export const SOURCE_TABLES = {
  bansos: ['program_enrolments'],
  members: ['cooperative_members'],
  all: ['program_enrolments', 'cooperative_members'],
} as const satisfies Record<string, readonly SourceTable[]>;
export type SourceName = keyof typeof SOURCE_TABLES;

export interface ReferencePerson {
  id: number;
  nik: string | null;
  name: string;
  birthDate: string | null;
  sex: string | null;
  /** Village and No. KK of the person's household (null when the person left it). */
  villageCode: string | null;
  kk: string | null;
}

/** A recipient or member row as its source recorded it (no birth date or sex: sources rarely carry them). */
export interface SourceRow {
  table: SourceTable;
  id: number;
  nik: string | null;
  name: string;
  villageCode: string | null;
  kk: string | null;
  /**
   * The list the row belongs to (a program's list for one period, one cooperative's register): a list names
   * each person at most once. Rows without one form one list per table.
   */
  list?: string;
}

const PREFIX: Record<SourceTable, string> = {
  program_enrolments: 'enrolment',
  cooperative_members: 'member',
};

export const personKey = (id: number): string => `person:${id}`;
export const rowKey = (table: SourceTable, id: number): string => `${PREFIX[table]}:${id}`;

/** Person id of a "person:N" key, else null. */
export function personIdOf(key: string): number | null {
  const m = /^person:(\d+)$/.exec(key);
  return m ? Number(m[1]) : null;
}

const COLUMNS = ['id', 'nik', 'name', 'birth_date', 'sex', 'village_code', 'kk'];

/**
 * The Indonesian person preset (nik, name, birth date, sex, village, No. KK and the NIK-birth-date check) with
 * one more blocking rule, the first name within the village (source rows carry no birth date, so the preset's
 * date rules find nothing). These settings train the model.
 */
export function platformSettings(): LinkSettings {
  const preset = personPreset(COLUMNS);
  return { ...preset, blocking: [...(preset.blocking ?? []), ['name:first', 'village_code']] };
}

/**
 * Scoring adds the No. KK alone as a blocking rule: it pairs a row with the few members of that family, which
 * finds the recipient when the NIK is missing and the name is written differently. It is not used for
 * training: EM over pairs of one family learns "same family" instead of "same person".
 */
export function scoringSettings(): LinkSettings {
  const settings = platformSettings();
  // DTSEN persons are deduplicated (intake matches them across extracts) and a list names a person at most
  // once: a row's candidates compete for it, and a person's rows of one list compete for the person (rowGroups),
  // so namesakes in one family share a row's probability (review) unless another row of the list took one.
  // Rows are expected to be DTSEN persons: a row's odds of matching none of its candidates are the share of
  // rows without a near-certain match, not even. No assignment: the plan keeps a row's best pair at or above
  // the match threshold.
  return {
    ...settings,
    blocking: [...(settings.blocking ?? []), ['kk']],
    deduplicated: 'both',
    rightCovered: true,
    oneToOne: false,
  };
}

/** Group number of each row's list (rows of one list compete for a person). */
export function rowGroups(rows: readonly SourceRow[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(rows, (r) => {
    const key = `${r.table}|${r.list ?? ''}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  });
}

const clean = (v: string | null): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

function table(source: string, ids: string[], values: Record<string, (string | null)[]>): RecordTable {
  return {
    source,
    headers: COLUMNS,
    ids,
    columns: new Map([['id', ids], ...Object.entries(values)]),
  };
}

export function referenceTable(persons: readonly ReferencePerson[]): RecordTable {
  return table(
    'persons',
    persons.map((p) => personKey(p.id)),
    {
      nik: persons.map((p) => clean(p.nik)),
      name: persons.map((p) => clean(p.name)),
      birth_date: persons.map((p) => p.birthDate),
      sex: persons.map((p) => p.sex),
      village_code: persons.map((p) => p.villageCode),
      kk: persons.map((p) => clean(p.kk)),
    },
  );
}

export function sourceTable(rows: readonly SourceRow[]): RecordTable {
  return table(
    [...new Set(rows.map((r) => r.table))].join('+') || 'none',
    rows.map((r) => rowKey(r.table, r.id)),
    {
      nik: rows.map((r) => clean(r.nik)),
      name: rows.map((r) => clean(r.name)),
      birth_date: rows.map(() => null),
      sex: rows.map(() => null),
      village_code: rows.map((r) => r.villageCode),
      kk: rows.map((r) => clean(r.kk)),
    },
  );
}
