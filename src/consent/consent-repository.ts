import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export const CONSENT_COLUMNS = [
  'id',
  'household_id',
  'person_id',
  'purpose',
  'status',
  'method',
  'evidence_ref',
  'decided_at',
  'recorded_at',
  'recorded_by',
  'request_id',
  'note',
  'guardian_name',
  'guardian_relation',
] as const;

/** Consent decisions (append-only) and the household and person facts recording one needs. */
export class ConsentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  household(householdId: number) {
    return this.db
      .selectFrom('households')
      .select(['id', 'village_code', 'province_code'])
      .where('id', '=', householdId)
      .executeTakeFirst();
  }

  /** The person's household id (null: departed); undefined when there is no such person. */
  async personHousehold(personId: number): Promise<number | null | undefined> {
    const person = await this.db
      .selectFrom('persons')
      .select('household_id')
      .where('id', '=', personId)
      .executeTakeFirst();
    return person?.household_id;
  }

  /**
   * The birth date of the subject of a decision: the person, or for the household as a unit its head (the KK
   * holder deciding). Null when unknown or there is no head.
   */
  async subjectBirthDate(householdId: number, personId: number | null): Promise<string | null> {
    let query = this.db.selectFrom('persons').select('birth_date').where('household_id', '=', householdId);
    query = personId === null ? query.where('relation', '=', 1) : query.where('id', '=', personId);
    const row = await query.orderBy('id').executeTakeFirst();
    return row?.birth_date ?? null;
  }

  insert(values: Insertable<DB['consent_records']>) {
    return this.db
      .insertInto('consent_records')
      .values(values)
      .returning(CONSENT_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  /** Each subject's latest decision per purpose, ordered by purpose and subject (household first). */
  latestPerSubject(householdId: number) {
    return latestConsentPerSubject(this.db, householdId).execute();
  }
}

/** The query behind latestPerSubject, unexecuted so the household detail read can run it as a subquery. */
export function latestConsentPerSubject(db: Kysely<DB>, householdId: number) {
  return db
    .selectFrom('consent_records')
    .select(CONSENT_COLUMNS)
    .distinctOn(['purpose', 'person_id'])
    .where('household_id', '=', householdId)
    .orderBy('purpose')
    .orderBy('person_id')
    .orderBy('decided_at', 'desc')
    .orderBy('id', 'desc');
}

/** Consent decisions joined to their household (`h`), for callers to scope and page. */
export function consentHistoryQuery(db: Kysely<DB>) {
  return db
    .selectFrom('consent_records as c')
    .innerJoin('households as h', (j) =>
      j.onRef('h.province_code', '=', 'c.province_code').onRef('h.id', '=', 'c.household_id'),
    )
    .select(CONSENT_COLUMNS.map((c) => `c.${c}` as const));
}
