/**
 * Field verification in the database: a facilitator's proposal (checked by proposal-rules against the base as it
 * is), a reviewer's decision, and what acceptance does — one `source_batches` row (source field_verification,
 * meta.proposal_id) whose changes carry its batch_id, the prior state of every changed row in intake_prior_rows
 * (history kept; `entas batches revert` undoes it), the proposal marked accepted with the batch. Every step is
 * audited in its transaction. Scope (who may propose or review where) is the access layer's.
 */
import { auditChange, type AuditActor } from '../../audit/access-audit.js';
import type { Tx } from '../../db/database.js';
import { NotFoundError, say, UserError } from '../../shared/errors.js';
import {
  checkReview,
  correctionPlan,
  isVerificationKind,
  staleReason,
  validateProposal,
  VERIFICATION_KINDS,
  type SubjectFacts,
} from './proposal-rules.js';
import {
  applyChange,
  householdFacts,
  insertProposal,
  insertVerificationBatch,
  isVillage,
  lockedProposal,
  personFacts,
  proposalRecord,
  setReview,
  type ProposalRecord,
} from './verification-repository.js';

export {
  acceptedProposals,
  listProposals,
  proposalRecord,
  proposalRecords,
  type ProposalRecord,
} from './verification-repository.js';

type Reader = Pick<Tx, 'db'>;

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

/** The household and person as the base has them now (row-locked when `lock`), or not found. */
async function subjectFacts(
  tx: Reader,
  householdId: number,
  personId: number | null,
  lock: boolean,
): Promise<SubjectFacts> {
  const household = await householdFacts(tx.db, householdId, lock);
  if (!household)
    throw new NotFoundError(
      say(`household ${householdId} not found`, `rumah tangga ${householdId} tidak ditemukan`),
    );
  if (personId === null) return { household, person: null };
  const person = await personFacts(tx.db, personId, lock);
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
  const id = await insertProposal(tx, {
    village_code: facts.household.village_code,
    household_id: facts.household.id,
    person_id: facts.person?.id ?? null,
    kind: input.kind,
    proposed,
    current_values: current,
    evidence,
    documents,
    proposed_by: who.username,
  });
  await auditChange(tx, who, {
    action: 'verification.propose',
    subjectType: 'verification_proposal',
    subjectId: id,
    regionCode: facts.household.village_code,
    details: { kind: input.kind, household_id: facts.household.id, person_id: facts.person?.id ?? null },
  });
  return (await proposalRecord(tx, id))!;
}

/**
 * Accepts or rejects a proposal. Accepting re-reads the base (locked): a proposal whose subject changed since it
 * was made is refused as stale; otherwise its changes go in as a new field_verification batch.
 */
export async function reviewProposal(tx: Tx, input: ReviewInput, who: AuditActor): Promise<ProposalRecord> {
  const proposal = await lockedProposal(tx, input.proposalId);
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
      if (!(await isVillage(tx.db, newVillage)))
        throw new UserError(
          say(`new_village_code ${newVillage} is not a village`, `new_village_code ${newVillage} bukan desa`),
          'invalid_proposal',
        );
    }
    const plan = correctionPlan(proposal.kind, proposal.proposed as Record<string, string>, facts);
    batchId = await insertVerificationBatch(tx, who.username, {
      proposal_id: proposal.id,
      kind: proposal.kind,
      village_code: proposal.village_code,
      proposed_by: proposal.proposed_by,
      deliberation_ref: input.deliberationRef ?? null,
      changes: plan.length,
    });
    for (const change of plan) await applyChange(tx, change, batchId);
  }
  await setReview(tx, proposal.id, {
    status: decision === 'accept' ? 'accepted' : 'rejected',
    reviewed_by: who.username,
    review_reason: input.reason.trim(),
    deliberation_ref: input.deliberationRef ?? null,
    batch_id: batchId,
  });
  await auditChange(tx, who, {
    action: decision === 'accept' ? 'verification.accept' : 'verification.reject',
    subjectType: 'verification_proposal',
    subjectId: proposal.id,
    regionCode: proposal.village_code,
    details: { kind: proposal.kind, batch_id: batchId },
  });
  return (await proposalRecord(tx, proposal.id))!;
}
