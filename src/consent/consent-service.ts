import type { Kysely } from 'kysely';
import { auditAccess, auditChange, type AuditActor } from '../audit/access-audit.js';
import type { Database, Tx } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { NotFoundError, say, UserError } from '../shared/errors.js';
import {
  CONSENT_PURPOSES,
  requireConsentPurpose,
  type ConsentMethod,
  type ConsentPurpose,
  type ConsentStatus,
} from './consent-purposes.js';
import { householdHasConsent } from './consent-rule.js';
import { checkGuardian } from './guardian-rule.js';
import { withdrawForConsent } from '../pilots/enrolment/enrolment-service.js';
import { ConsentRepository, latestConsentPerSubject } from './consent-repository.js';

export { consentHistoryQuery } from './consent-repository.js';

export interface ConsentRecord {
  id: number;
  household_id: number;
  person_id: number | null;
  purpose: string;
  status: ConsentStatus;
  method: ConsentMethod;
  evidence_ref: string | null;
  decided_at: Date;
  recorded_at: Date;
  recorded_by: string;
  request_id: number | null;
  note: string | null;
  guardian_name: string | null;
  guardian_relation: string | null;
}

export interface ConsentInput {
  householdId: number;
  /** Omitted: the household as a unit (the KK holder deciding for the family). */
  personId?: number | null | undefined;
  purpose: string;
  status: ConsentStatus;
  method: ConsentMethod;
  evidenceRef?: string | null | undefined;
  /** When the person decided (default now); never in the future. */
  decidedAt?: Date | undefined;
  note?: string | null | undefined;
  requestId?: number | null | undefined;
  /** The parent or guardian who decided for the person: required for a child's consent (guardian-rule.ts). */
  guardianName?: string | null | undefined;
  guardianRelation?: string | null | undefined;
}

/** Who records, for the audit entry written in the same transaction. */
/** Who records a decision: the API principal or the local operator (audit/access-audit.ts). */
export type ConsentActor = AuditActor;

/** Per purpose: whether the household has consent, and each subject's current decision. */
export interface HouseholdConsent {
  purpose: string;
  has_consent: boolean;
  current: ConsentRecord[];
}

/** Appends one consent decision (given or withdrawn) and its audit entry, in the caller's transaction. */
export async function recordConsent(tx: Tx, input: ConsentInput, who: ConsentActor): Promise<ConsentRecord> {
  const purpose = requireConsentPurpose(input.purpose);
  const decidedAt = input.decidedAt ?? new Date();
  if (Number.isNaN(decidedAt.getTime())) throw new UserError('decided_at: not a valid date-time');
  if (decidedAt.getTime() > Date.now() + 60_000) {
    throw new UserError(`decided_at ${decidedAt.toISOString()} is in the future`);
  }
  const consents = new ConsentRepository(tx.db);
  const household = await consents.household(input.householdId);
  if (!household) throw new NotFoundError(`household ${input.householdId} not found`);
  const personId = input.personId ?? null;
  if (personId !== null) {
    if ((await consents.personHousehold(personId)) !== input.householdId) {
      throw new UserError(
        `person ${personId} is not a member of household ${input.householdId}`,
        'not_a_member',
      );
    }
  }
  const verdict = checkGuardian({
    status: input.status,
    birthDate: await consents.subjectBirthDate(input.householdId, personId),
    decidedOn: decidedAt.toISOString(),
    guardianName: input.guardianName ?? null,
    guardianRelation: input.guardianRelation ?? null,
  });
  if (!verdict.ok) throw new UserError(verdict.reason, verdict.code);
  const row = await consents.insert({
    province_code: household.province_code,
    household_id: input.householdId,
    person_id: personId,
    purpose,
    status: input.status,
    method: input.method,
    evidence_ref: input.evidenceRef ?? null,
    decided_at: decidedAt,
    recorded_by: who.username,
    request_id: input.requestId ?? null,
    note: input.note ?? null,
    guardian_name: verdict.guardian?.name ?? null,
    guardian_relation: verdict.guardian?.relation ?? null,
  });
  await auditChange(tx, who, {
    action: input.status === 'given' ? 'consent.give' : 'consent.withdraw',
    subjectType: 'household',
    subjectId: input.householdId,
    regionCode: household.village_code,
    identifiersRevealed: false,
    details: {
      consent_id: row.id,
      consent_purpose: purpose,
      person_id: personId,
      method: input.method,
      ...(verdict.guardian ? { guardian_relation: verdict.guardian.relation } : {}),
      ...(input.requestId ? { request_id: input.requestId } : {}),
    },
  });
  // A withdrawn enrolment consent stops the pilot's processing of that person at once (issue 15).
  if (purpose === 'cooperative_enrolment' && input.status === 'withdrawn')
    await withdrawForConsent(tx, { householdId: input.householdId, personId, decidedAt }, who);
  return toRecord(row);
}

/** Each subject's latest decision per purpose, grouped by purpose with the rule's verdict. */
export async function householdConsents(db: Kysely<DB>, householdId: number): Promise<HouseholdConsent[]> {
  return groupHouseholdConsents(await householdConsentRows(db, householdId).execute());
}

/** The query behind householdConsents: each subject's latest decision per purpose (also run as a subquery). */
export function householdConsentRows(db: Kysely<DB>, householdId: number) {
  return latestConsentPerSubject(db, householdId);
}

/**
 * Rows of householdConsentRows grouped by purpose with the rule's verdict. Timestamps may arrive as ISO text
 * (when the rows were aggregated to JSON in the database) or as Date.
 */
export function groupHouseholdConsents(
  rows: readonly (Omit<ConsentRecord, 'decided_at' | 'recorded_at'> & {
    decided_at: Date | string;
    recorded_at: Date | string;
  })[],
): HouseholdConsent[] {
  const byPurpose = new Map<string, ConsentRecord[]>();
  for (const row of rows) {
    const list = byPurpose.get(row.purpose) ?? [];
    list.push(toRecord({ ...row, recorded_at: new Date(row.recorded_at) }));
    byPurpose.set(row.purpose, list);
  }
  return [...byPurpose].map(([purpose, current]) => ({
    purpose,
    has_consent: householdHasConsent(current),
    current,
  }));
}

/** `entas consent list`: a household's consents, the read audited for the actor (with their purpose). */
export async function listHouseholdConsents(
  database: Database,
  actor: AuditActor,
  householdId: number,
): Promise<HouseholdConsent[]> {
  const household = await new ConsentRepository(database.db).household(householdId);
  if (!household)
    throw new NotFoundError(
      say(`household ${householdId} not found`, `rumah tangga ${householdId} tidak ditemukan`),
    );
  const list = await householdConsents(database.db, householdId);
  await auditAccess(database, actor, {
    action: 'consent.list',
    subjectType: 'household',
    subjectId: householdId,
    regionCode: household.village_code,
    details: { purposes: list.length },
  });
  return list;
}

/**
 * Completing a withdraw_consent request: the person withdraws the named purpose (or every purpose) as of the
 * request's completion, recorded against the request.
 */
export async function withdrawForRequest(
  tx: Tx,
  request: { id: number; personId: number; purpose: string },
  who: ConsentActor,
): Promise<ConsentRecord[]> {
  const householdId = await new ConsentRepository(tx.db).personHousehold(request.personId);
  if (!householdId) {
    throw new UserError(`person ${request.personId} has no household to record the withdrawal against`);
  }
  const purposes: ConsentPurpose[] =
    request.purpose === 'all' ? [...CONSENT_PURPOSES] : [requireConsentPurpose(request.purpose)];
  const recorded: ConsentRecord[] = [];
  for (const purpose of purposes) {
    recorded.push(
      await recordConsent(
        tx,
        {
          householdId,
          personId: request.personId,
          purpose,
          status: 'withdrawn',
          method: 'data_subject_request',
          evidenceRef: `data-subject-request ${request.id}`,
          requestId: request.id,
        },
        who,
      ),
    );
  }
  return recorded;
}

/** A consent row as selected: the table types decided_at as Date or text (it is inserted as given), the record as Date. */
export function toRecord(
  row: Omit<ConsentRecord, 'decided_at'> & { decided_at: Date | string },
): ConsentRecord {
  return { ...row, decided_at: new Date(row.decided_at) };
}
