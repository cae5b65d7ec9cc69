/**
 * Field verification in the database: a facilitator's proposal (checked by proposal-rules against the base as it
 * is), a reviewer's decision, and what acceptance does — one `source_batches` row (source field_verification,
 * meta.proposal_id) whose changes carry its batch_id, the prior state of every changed row in intake_prior_rows
 * (history kept; `entas batches revert` undoes it), the proposal marked accepted with the batch. Every step is
 * audited in its transaction. Scope (who may propose or review where) is the access layer's.
 */
import { sql } from 'kysely';
import { auditChange, type AuditActor } from '../../audit/access-audit.js';
import type { Tx } from '../../db/database.js';
import { normalizePersonName } from '../../identity/name.js';
import { regionCondition } from '../../regions/region-condition.js';
import { NotFoundError, say, UserError } from '../../shared/errors.js';
import type { AcceptedProposal } from './dtsen-update.js';
import {
  checkReview,
  correctionPlan,
  isVerificationKind,
  staleReason,
  validateProposal,
  VERIFICATION_KINDS,
  type Change,
  type SubjectFacts,
  type VerificationKind,
  type VerificationStatus,
} from './proposal-rules.js';

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

export interface ProposeInput {
  householdId: number;
  personId?: number | null | undefined;
  kind: string;
  proposed: Record<string, unknown>;
  evidence: string;
  documents?: readonly string[] | undefined;
}

export interface ReviewInput {
  proposalId: number;
  decision: string;
  reason: string;
  /** The berita acara (minutes) of the village deliberation that agreed the proposal, when there was one. */
  deliberationRef?: string | null | undefined;
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

/** The province key of a household or person ('' when there is none: the locked read then finds nothing). */
async function provinceOf(tx: Reader, table: 'households' | 'persons', id: number): Promise<string> {
  const row = await tx.db.selectFrom(table).select('province_code').where('id', '=', id).executeTakeFirst();
  return row?.province_code ?? '';
}

/** The household and person as the base has them now (row-locked when `lock`), or not found. */
async function subjectFacts(
  tx: Reader,
  householdId: number,
  personId: number | null,
  lock: boolean,
): Promise<SubjectFacts> {
  let hq = tx.db
    .selectFrom('households')
    .select(['id', 'village_code', 'address', 'decile'])
    .where('id', '=', householdId);
  // The lock names the province too: on Citus a row lock must fall on one shard.
  if (lock) hq = hq.where('province_code', '=', await provinceOf(tx, 'households', householdId)).forUpdate();
  const household = await hq.executeTakeFirst();
  if (!household)
    throw new NotFoundError(
      say(`household ${householdId} not found`, `rumah tangga ${householdId} tidak ditemukan`),
    );
  if (personId === null) return { household, person: null };
  let pq = tx.db
    .selectFrom('persons')
    .select(['id', 'household_id', 'disability', 'deceased_on'])
    .where('id', '=', personId);
  if (lock) pq = pq.where('province_code', '=', await provinceOf(tx, 'persons', personId)).forUpdate();
  const person = await pq.executeTakeFirst();
  if (!person)
    throw new NotFoundError(say(`person ${personId} not found`, `orang ${personId} tidak ditemukan`));
  return { household, person };
}

export async function proposeCorrection(
  tx: Tx,
  input: ProposeInput,
  who: AuditActor,
  today: string = new Date().toISOString().slice(0, 10),
): Promise<ProposalRecord> {
  if (!isVerificationKind(input.kind))
    throw new UserError(
      say(
        `unknown kind "${input.kind}" (use ${VERIFICATION_KINDS.join(', ')})`,
        `jenis "${input.kind}" tidak dikenal (gunakan ${VERIFICATION_KINDS.join(', ')})`,
      ),
      'invalid_kind',
    );
  const evidence = input.evidence.trim();
  if (evidence.length < 3)
    throw new UserError(
      say('evidence is required (at least 3 characters)', 'bukti wajib diisi (minimal 3 karakter)'),
      'evidence_required',
    );
  const documents = (input.documents ?? []).map((d) => d.trim()).filter((d) => d.length > 0);
  const facts = await subjectFacts(tx, input.householdId, input.personId ?? null, false);
  const { proposed, current } = validateProposal(input.kind, input.proposed, facts, today);
  const row = await tx.db
    .insertInto('verification_proposals')
    .values({
      province_code: facts.household.village_code.slice(0, 2),
      village_code: facts.household.village_code,
      household_id: facts.household.id,
      person_id: facts.person?.id ?? null,
      kind: input.kind,
      proposed: JSON.stringify(proposed),
      current_values: JSON.stringify(current),
      evidence,
      documents,
      proposed_by: who.username,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await auditChange(tx, who, {
    action: 'verification.propose',
    subjectType: 'verification_proposal',
    subjectId: row.id,
    regionCode: facts.household.village_code,
    details: { kind: input.kind, household_id: facts.household.id, person_id: facts.person?.id ?? null },
  });
  return (await proposalRecord(tx, row.id))!;
}

async function applyChange(tx: Tx, change: Change, batchId: number): Promise<void> {
  if (change.op === 'insert_person') {
    const v = change.values;
    const name = String(v.name);
    // The person takes its household's province key (the shard it lives on).
    const household = await tx.db
      .selectFrom('households')
      .select('province_code')
      .where('id', '=', change.householdId)
      .executeTakeFirstOrThrow();
    await tx.db
      .insertInto('persons')
      .values({
        province_code: household.province_code,
        household_id: change.householdId,
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

/**
 * Accepts or rejects a proposal. Accepting re-reads the base (locked): a proposal whose subject changed since it
 * was made is refused as stale; otherwise its changes go in as a new field_verification batch.
 */
export async function reviewProposal(tx: Tx, input: ReviewInput, who: AuditActor): Promise<ProposalRecord> {
  const proposal = await tx.db
    .selectFrom('verification_proposals')
    .select(COLUMNS)
    .where('id', '=', input.proposalId)
    .forUpdate()
    .executeTakeFirst();
  if (!proposal)
    throw new NotFoundError(
      say(
        `verification proposal ${input.proposalId} not found`,
        `usulan verifikasi ${input.proposalId} tidak ditemukan`,
      ),
    );
  const decision = checkReview(proposal, {
    decision: input.decision,
    reason: input.reason,
    reviewer: who.username,
  });
  let batchId: number | null = null;
  if (decision === 'accept') {
    const facts = await subjectFacts(tx, proposal.household_id, proposal.person_id, true);
    const stale = staleReason(proposal.kind, proposal.current_values, facts);
    if (stale)
      throw new UserError(
        say(`${stale.en}: reject it and propose again`, `${stale.id}: tolak lalu usulkan lagi`),
        'stale_proposal',
      );
    const newVillage = proposal.proposed.new_village_code;
    if (typeof newVillage === 'string') {
      const exists = await tx.db
        .selectFrom('regions')
        .select('code')
        .where('code', '=', newVillage)
        .where('level', '=', 4)
        .executeTakeFirst();
      if (!exists)
        throw new UserError(
          say(`new_village_code ${newVillage} is not a village`, `new_village_code ${newVillage} bukan desa`),
          'invalid_proposal',
        );
    }
    const plan = correctionPlan(proposal.kind, proposal.proposed as Record<string, string>, facts);
    const batch = await tx.db
      .insertInto('source_batches')
      .values({
        source: 'field_verification',
        rows_total: 1,
        rows_accepted: 1,
        created_by: who.username,
        meta: JSON.stringify({
          proposal_id: proposal.id,
          kind: proposal.kind,
          village_code: proposal.village_code,
          proposed_by: proposal.proposed_by,
          deliberation_ref: input.deliberationRef ?? null,
          changes: plan.length,
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    batchId = batch.id;
    for (const change of plan) await applyChange(tx, change, batchId);
  }
  await tx.db
    .updateTable('verification_proposals')
    .set({
      status: decision === 'accept' ? 'accepted' : 'rejected',
      reviewed_by: who.username,
      reviewed_at: new Date(),
      review_reason: input.reason.trim(),
      deliberation_ref: input.deliberationRef ?? null,
      batch_id: batchId,
    })
    .where('id', '=', proposal.id)
    .execute();
  await auditChange(tx, who, {
    action: decision === 'accept' ? 'verification.accept' : 'verification.reject',
    subjectType: 'verification_proposal',
    subjectId: proposal.id,
    regionCode: proposal.village_code,
    details: { kind: proposal.kind, batch_id: batchId },
  });
  return (await proposalRecord(tx, proposal.id))!;
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
