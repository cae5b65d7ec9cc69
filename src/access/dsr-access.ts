import type { Selectable } from 'kysely';
import { requireConsentPurpose } from '../consent/consent-purposes.js';
import { withdrawForRequest } from '../consent/consent-service.js';
import type { DataSubjectRequestsTable } from '../db/tables/security.js';
import { dueAt } from '../privacy/deadlines.js';
import { anonymisePerson } from '../privacy/person-anonymiser.js';
import { NotFoundError, say, UserError } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';
import { householdRegionCondition, regionCondition } from './region-scope.js';

export type DsrKind = DataSubjectRequestsTable['kind'];
export type DsrStatus = Selectable<DataSubjectRequestsTable>['status'];

const columns = [
  'id',
  'kind',
  'person_id',
  'region_code',
  'requester_name',
  'channel',
  'details',
  'status',
  'legal_hold',
  'resolution',
  'received_at',
  'due_at',
  'resolved_at',
  'created_by',
  'resolved_by',
  'consent_purpose',
] as const;

/** A data-subject request as read: the table's row, less nothing (every column is shown to its handlers). */
export type DsrRecord = Pick<Selectable<DataSubjectRequestsTable>, (typeof columns)[number]>;

/**
 * UU 27/2022 data-subject requests, scoped by the region of the person's household. Objections to an automated
 * decision go straight to human review; erasure anonymises the person unless a legal hold applies.
 */
export class DsrAccess {
  constructor(private readonly ctx: AccessContext) {}

  private visible() {
    const scope = this.ctx.principal.scope;
    let query = this.ctx.db.selectFrom('data_subject_requests').select(columns);
    if (scope.kind === 'regions') query = query.where(regionCondition('region_code', scope.codes));
    if (scope.kind === 'cooperative') query = query.where(regionCondition('region_code', []));
    return query;
  }

  private async personRegion(personId: number): Promise<string> {
    const scope = this.ctx.principal.scope;
    let query = this.ctx.db
      .selectFrom('persons as p')
      .innerJoin('households as h', (j) =>
        j.onRef('h.province_code', '=', 'p.province_code').onRef('h.id', '=', 'p.household_id'),
      )
      .select('h.village_code')
      .where('p.id', '=', personId);
    if (scope.kind === 'regions')
      query = query.where(householdRegionCondition('h.village_code', scope.codes));
    if (scope.kind === 'cooperative') query = query.where(householdRegionCondition('h.village_code', []));
    const row = await query.executeTakeFirst();
    if (!row) throw new NotFoundError(`person ${personId} not found`);
    return row.village_code;
  }

  async create(input: {
    kind: DsrKind;
    personId: number;
    requesterName: string;
    channel?: string | undefined;
    details?: string | undefined;
    /** withdraw_consent only: a purpose (consent/consent-purposes.ts) or 'all'. */
    consentPurpose?: string | undefined;
  }): Promise<DsrRecord> {
    this.ctx.require('dsr:manage');
    let consentPurpose: string | null = null;
    if (input.kind === 'withdraw_consent') {
      if (input.consentPurpose === undefined) {
        throw new UserError('a withdraw_consent request needs consent_purpose (a purpose or "all")');
      }
      consentPurpose = input.consentPurpose === 'all' ? 'all' : requireConsentPurpose(input.consentPurpose);
    } else if (input.consentPurpose !== undefined) {
      throw new UserError(`consent_purpose applies to withdraw_consent requests, not ${input.kind}`);
    }
    const region = await this.personRegion(input.personId);
    const received = new Date();
    return this.ctx.database.transaction(async (tx) => {
      const row = await tx.db
        .insertInto('data_subject_requests')
        .values({
          kind: input.kind,
          person_id: input.personId,
          region_code: region,
          requester_name: input.requesterName,
          channel: input.channel ?? 'counter',
          details: input.details ?? null,
          status: input.kind === 'objection' ? 'in_review' : 'open',
          received_at: received,
          due_at: dueAt(received),
          created_by: this.ctx.principal.username,
          consent_purpose: consentPurpose,
        })
        .returning(columns)
        .executeTakeFirstOrThrow();
      await this.ctx.auditIn(
        tx,
        this.entry('dsr.create', row.id, region, {
          kind: input.kind,
          person_id: input.personId,
          ...(consentPurpose ? { consent_purpose: consentPurpose } : {}),
        }),
      );
      return row;
    });
  }

  async list(filter: PageRequest & { open?: boolean | undefined }): Promise<Page<DsrRecord>> {
    this.ctx.require('dsr:read');
    const limit = pageLimit(filter.limit);
    let query = this.visible()
      .where('id', '>', decodeCursor(filter.cursor))
      .orderBy('id')
      .limit(limit + 1);
    if (filter.open === true) query = query.where('resolved_at', 'is', null);
    return toPage(await query.execute(), limit);
  }

  /** One request (it names the requester and what they asked): the read is audited. */
  async get(id: number): Promise<DsrRecord> {
    const row = await this.find(id);
    await this.ctx.audit({
      action: 'dsr.read',
      subjectType: 'data_subject_request',
      subjectId: id,
      regionCode: row.region_code,
      // The request itself carries no NIK/No. KK.
      identifiersRevealed: false,
    });
    return row;
  }

  private async find(id: number): Promise<DsrRecord> {
    this.ctx.require('dsr:read');
    const row = await this.visible().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError(`data-subject request ${id} not found`);
    return row;
  }

  async resolve(
    id: number,
    input: { status: Exclude<DsrStatus, 'open'>; resolution: string; legalHold?: boolean | undefined },
  ): Promise<DsrRecord> {
    this.ctx.require('dsr:manage');
    const request = await this.find(id);
    if (request.resolved_at)
      throw new UserError(`data-subject request ${id} is already ${request.status}`, 'already_resolved');
    const legalHold = input.legalHold ?? request.legal_hold;
    if (request.kind === 'erasure' && input.status === 'completed' && legalHold) {
      throw new UserError(
        `request ${id}: erasure cannot complete under a legal hold; reject it and state the legal basis`,
        'legal_hold',
      );
    }
    return this.ctx.database.transaction(async (tx) => {
      let erased: Record<string, number> | undefined;
      if (request.kind === 'erasure' && input.status === 'completed' && request.person_id !== null) {
        erased = await anonymisePerson(tx, request.person_id);
      }
      let withdrawn: number[] | undefined;
      if (request.kind === 'withdraw_consent' && input.status === 'completed' && request.person_id !== null) {
        const records = await withdrawForRequest(
          tx,
          { id, personId: request.person_id, purpose: request.consent_purpose ?? 'all' },
          this.ctx.auditActor,
        );
        withdrawn = records.map((r) => r.id);
      }
      const done = input.status !== 'in_review';
      const row = await tx.db
        .updateTable('data_subject_requests')
        .set({
          status: input.status,
          resolution: input.resolution,
          legal_hold: legalHold,
          resolved_at: done ? new Date() : null,
          resolved_by: done ? this.ctx.principal.username : null,
        })
        .where('id', '=', id)
        .returning(columns)
        .executeTakeFirstOrThrow();
      await this.ctx.auditIn(
        tx,
        this.entry('dsr.resolve', id, request.region_code, {
          status: input.status,
          legal_hold: legalHold,
          ...(erased ? { anonymised: erased } : {}),
          ...(withdrawn ? { consent_records: withdrawn } : {}),
        }),
      );
      return row;
    });
  }

  /**
   * Everything held about the person of an access request, identifiers in full: UU 27/2022 art. 7 gives the data
   * subject access to, and a copy of, their own personal data, and a masked NIK is not their record. Like every
   * full-identifier read it needs pii:read and a stated purpose (X-Purpose), and the audit entry says so.
   */
  async export(id: number) {
    this.ctx.require('dsr:manage');
    this.ctx.require('pii:read');
    if (!this.ctx.reveal) {
      throw new UserError(
        say(
          "exporting a data subject's record shows full NIK/No. KK: state the purpose (X-Purpose header)",
          'ekspor data subjek data menampilkan NIK/No. KK lengkap: nyatakan tujuannya (header X-Purpose)',
        ),
        'purpose_required',
      );
    }
    const request = await this.find(id);
    if (request.kind !== 'access' || request.person_id === null) {
      throw new UserError(`request ${id} is not an access request for a known person`, 'not_access_request');
    }
    const personId = request.person_id;
    const [person, enrolments, memberships] = await Promise.all([
      this.ctx.db
        .selectFrom('persons as p')
        .leftJoin('households as h', (j) =>
          j.onRef('h.province_code', '=', 'p.province_code').onRef('h.id', '=', 'p.household_id'),
        )
        .select([
          'p.id',
          'p.nik',
          'p.name',
          'p.sex',
          'p.birth_date',
          'p.relation',
          'p.disability',
          'p.occupation',
          'p.education',
          'p.marital_status',
          'h.kk',
          'h.village_code',
          'h.address',
          'h.decile',
        ])
        .where('p.id', '=', personId)
        .executeTakeFirst(),
      this.ctx.db
        .selectFrom('program_enrolments')
        .select(['program_code', 'period', 'amount'])
        .where('person_id', '=', personId)
        .orderBy('period')
        .execute(),
      this.ctx.db
        .selectFrom('cooperative_members as m')
        .innerJoin('cooperatives as c', 'c.id', 'm.cooperative_id')
        .select(['c.name as cooperative', 'm.member_no', 'm.joined_on', 'm.left_on', 'm.savings_paid'])
        .where('m.person_id', '=', personId)
        .execute(),
    ]);
    await this.ctx.audit({
      action: 'dsr.export',
      subjectType: 'person',
      subjectId: personId,
      regionCode: request.region_code,
      details: { request_id: id },
      identifiersRevealed: true,
    });
    return { request_id: id, person: person ?? null, enrolments, cooperative_memberships: memberships };
  }

  private entry(action: string, id: number, region: string, details: Record<string, unknown>) {
    return { action, subjectType: 'data_subject_request', subjectId: id, regionCode: region, details };
  }
}
