/**
 * All SQL of field verification: proposals (read, listed, inserted, locked, reviewed), the household and person
 * a proposal is about (optionally row-locked), and what an accepted proposal writes — its `source_batches` row,
 * the prior state of each changed row in intake_prior_rows, and the change itself.
 */
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { normalizePersonName } from '../../identity/name.js';
import { regionCondition } from '../../regions/region-condition.js';
import type { AcceptedProposal } from './dtsen-update.js';
import type { Change, ProposedValues, VerificationKind, VerificationStatus } from './proposal-rules.js';

type Reader = Pick<Tx, 'db'>;

export interface ProposalRecord {
  id: number;
  village_code: string;
  household_id: number;
  person_id: number | null;
  kind: VerificationKind;
  proposed: Record<string, unknown>;
  current_values: Record<string, unknown>;
  evidence: string;
  documents: string[];
  status: VerificationStatus;
  proposed_by: string;
  proposed_at: Date;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_reason: string | null;
  deliberation_ref: string | null;
  batch_id: number | null;
}

const COLUMNS = [
  'id',
  'village_code',
  'household_id',
  'person_id',
  'kind',
  'proposed',
  'current_values',
  'evidence',
  'documents',
  'status',
  'proposed_by',
  'proposed_at',
  'reviewed_by',
  'reviewed_at',
  'review_reason',
  'deliberation_ref',
  'batch_id',
] as const;

export async function proposalRecord(tx: Reader, id: number): Promise<ProposalRecord | null> {
  const row = await tx.db
    .selectFrom('verification_proposals')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

export async function proposalRecords(tx: Reader, ids: readonly number[]): Promise<ProposalRecord[]> {
  if (ids.length === 0) return [];
  return tx.db
    .selectFrom('verification_proposals')
    .select(COLUMNS)
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
}

/** A proposal, row-locked for its review, or undefined. */
export async function lockedProposal(tx: Tx, id: number): Promise<ProposalRecord | undefined> {
  return tx.db
    .selectFrom('verification_proposals')
    .select(COLUMNS)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The province key of a household or person ('' when there is none: the locked read then finds nothing). */
async function provinceOf(db: Kysely<DB>, table: 'households' | 'persons', id: number): Promise<string> {
  const row = await db.selectFrom(table).select('province_code').where('id', '=', id).executeTakeFirst();
  return row?.province_code ?? '';
}

/** The household as the base has it now (row-locked when `lock`), or undefined. */
export async function householdFacts(db: Kysely<DB>, householdId: number, lock: boolean) {
  let hq = db
    .selectFrom('households')
    .select(['id', 'village_code', 'address', 'decile'])
    .where('id', '=', householdId);
  // The lock names the province too: on Citus a row lock must fall on one shard.
  if (lock) hq = hq.where('province_code', '=', await provinceOf(db, 'households', householdId)).forUpdate();
  return hq.executeTakeFirst();
}

/** The person as the base has them now (row-locked when `lock`), or undefined. */
export async function personFacts(db: Kysely<DB>, personId: number, lock: boolean) {
  let pq = db
    .selectFrom('persons')
    .select(['id', 'household_id', 'disability', 'deceased_on'])
    .where('id', '=', personId);
  if (lock) pq = pq.where('province_code', '=', await provinceOf(db, 'persons', personId)).forUpdate();
  return pq.executeTakeFirst();
}

export interface NewProposal {
  village_code: string;
  household_id: number;
  person_id: number | null;
  kind: VerificationKind;
  proposed: Record<string, unknown>;
  current_values: Record<string, unknown>;
  evidence: string;
  documents: string[];
  proposed_by: string;
}

/** Inserts a proposal (its province from its village); returns its id. */
export async function insertProposal(tx: Tx, p: NewProposal): Promise<number> {
  const row = await tx.db
    .insertInto('verification_proposals')
    .values({
      province_code: p.village_code.slice(0, 2),
      village_code: p.village_code,
      household_id: p.household_id,
      person_id: p.person_id,
      kind: p.kind,
      proposed: JSON.stringify(p.proposed),
      current_values: JSON.stringify(p.current_values),
      evidence: p.evidence,
      documents: p.documents,
      proposed_by: p.proposed_by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Whether a code is a village (level 4) of the region table. */
export async function isVillage(db: Kysely<DB>, code: string): Promise<boolean> {
  const exists = await db
    .selectFrom('regions')
    .select('code')
    .where('code', '=', code)
    .where('level', '=', 4)
    .executeTakeFirst();
  return exists !== undefined;
}

/** The `source_batches` row of an accepted proposal; returns its id. */
export async function insertVerificationBatch(
  tx: Tx,
  createdBy: string,
  meta: Record<string, unknown>,
): Promise<number> {
  const batch = await tx.db
    .insertInto('source_batches')
    .values({
      source: 'field_verification',
      rows_total: 1,
      rows_accepted: 1,
      created_by: createdBy,
      meta: JSON.stringify(meta),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return batch.id;
}

/** Applies one change under the batch: a new person, or an update whose prior row is kept for revert. */
export async function applyChange(tx: Tx, change: Change, batchId: number): Promise<void> {
  if (change.op === 'insert_person') {
    await insertPerson(tx, change.householdId, change.values, batchId);
    return;
  }
  const table = sql.table(change.table);
  await sql`INSERT INTO intake_prior_rows (batch_id, table_name, row_id, data)
    SELECT ${batchId}, ${change.table}, x.id, to_jsonb(x) FROM ${table} x WHERE x.id = ${change.id}`.execute(
    tx.db,
  );
  const sets = Object.entries(change.set).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  await sql`UPDATE ${table} SET ${sql.join(sets)}, batch_id = ${batchId}, updated_at = now()
    WHERE id = ${change.id}`.execute(tx.db);
}

async function insertPerson(tx: Tx, householdId: number, v: ProposedValues, batchId: number): Promise<void> {
  const name = String(v.name);
  // The person takes its household's province key (the shard it lives on).
  const household = await tx.db
    .selectFrom('households')
    .select('province_code')
    .where('id', '=', householdId)
    .executeTakeFirstOrThrow();
  await tx.db
    .insertInto('persons')
    .values({
      province_code: household.province_code,
      household_id: householdId,
      nik: (v.nik as string | null) ?? null,
      name,
      name_normalized: normalizePersonName(name),
      sex: v.sex as 'L' | 'P',
      birth_date: v.birth_date as string,
      relation: v.relation as number,
      disability: v.disability === true,
      batch_id: batchId,
    })
    .execute();
}

/** Records a reviewer's decision on a proposal. */
export async function setReview(
  tx: Tx,
  proposalId: number,
  review: {
    status: 'accepted' | 'rejected';
    reviewed_by: string;
    review_reason: string;
    deliberation_ref: string | null;
    batch_id: number | null;
  },
): Promise<void> {
  await tx.db
    .updateTable('verification_proposals')
    .set({
      status: review.status,
      reviewed_by: review.reviewed_by,
      reviewed_at: new Date(),
      review_reason: review.review_reason,
      deliberation_ref: review.deliberation_ref,
      batch_id: review.batch_id,
    })
    .where('id', '=', proposalId)
    .execute();
}

/**
 * Accepted proposals whose batch still stands (not reverted), in the given villages or regions (null: all), for
 * the DTSEN update export: with the household's No. KK and the person's (or new member's) NIK and name.
 */
export async function acceptedProposals(
  tx: Reader,
  filter: { regions: readonly string[] | null; from?: string | undefined; to?: string | undefined },
): Promise<AcceptedProposal[]> {
  let query = tx.db
    .selectFrom('verification_proposals as v')
    .innerJoin('source_batches as b', 'b.id', 'v.batch_id')
    .innerJoin('households as h', 'h.id', 'v.household_id')
    .leftJoin('persons as p', 'p.id', 'v.person_id')
    .select([
      'v.id',
      'v.kind',
      'v.village_code',
      'h.kk',
      'p.nik',
      'p.name',
      'v.proposed',
      'v.current_values',
      'v.evidence',
      'v.documents',
      'v.proposed_by',
      'v.proposed_at',
      'v.reviewed_by',
      'v.reviewed_at',
      'v.review_reason',
      'v.deliberation_ref',
      'v.batch_id',
      sql<string | null>`(SELECT x.name FROM persons x WHERE x.household_id = v.household_id
        ORDER BY (x.relation = 1) DESC, x.id LIMIT 1)`.as('head_name'),
    ])
    .where('v.status', '=', 'accepted')
    .where('b.reverted_at', 'is', null)
    .orderBy('v.village_code')
    .orderBy('v.id');
  if (filter.regions !== null) query = query.where(regionCondition('v.village_code', filter.regions));
  if (filter.from !== undefined)
    query = query.where('v.reviewed_at', '>=', new Date(`${filter.from}T00:00:00Z`));
  if (filter.to !== undefined) query = query.where('v.reviewed_at', '<', new Date(`${filter.to}T24:00:00Z`));
  const rows = await query.execute();
  return rows.map((r) => {
    const proposed = r.proposed;
    const isNew = r.kind === 'new_member';
    return {
      id: r.id,
      kind: r.kind,
      village_code: r.village_code,
      kk: r.kk,
      nik: isNew ? ((proposed.nik as string | null) ?? null) : r.nik,
      name: isNew ? ((proposed.name as string | null) ?? null) : (r.name ?? r.head_name),
      proposed,
      current_values: r.current_values,
      evidence: r.evidence,
      documents: r.documents,
      proposed_by: r.proposed_by,
      proposed_at: r.proposed_at,
      reviewed_by: r.reviewed_by,
      reviewed_at: r.reviewed_at,
      review_reason: r.review_reason,
      deliberation_ref: r.deliberation_ref,
      batch_id: r.batch_id,
    };
  });
}

/** Proposals in the given regions (null: all), newest first, optionally of one status. */
export async function listProposals(
  tx: Reader,
  filter: { regions: readonly string[] | null; status?: VerificationStatus | undefined; limit?: number },
): Promise<ProposalRecord[]> {
  let query = tx.db
    .selectFrom('verification_proposals')
    .select(COLUMNS)
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 1000);
  if (filter.regions !== null) query = query.where(regionCondition('village_code', filter.regions));
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  return query.execute();
}
