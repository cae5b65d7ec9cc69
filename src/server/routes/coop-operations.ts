import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FOUNDING_STEPS } from '../../cooperatives/operations/founding.js';
import { OFFICER_POSITIONS } from '../../cooperatives/operations/register-checks.js';
import { REPORT_KINDS } from '../../cooperatives/reports/report-tables.js';
import { access } from '../authentication.js';
import {
  BusinessUnitsSchema,
  ExitSchema,
  FollowupClosedSchema,
  FoundingPageSchema,
  FoundingSchema,
  HealthSchema,
  MemberHistorySchema,
  MentoringSessionsSchema,
  OfficerCreatedSchema,
  OfficerEndedSchema,
  presentExit,
  presentFollowupClosed,
  presentFounding,
  presentFoundingPage,
  presentHealth,
  presentMemberHistory,
  presentRegisterCheck,
  presentSessionCreated,
  presentSessions,
  RatSchema,
  RegisterCheckSchema,
  SessionCreatedSchema,
} from '../presenters/coop-operations.js';
import { conflictError, Id, IdParams, PageQuery, protectedErrors, RegionCodeParam } from '../schemas.js';

const DateText = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const changeErrors = {
  ...protectedErrors,
  409: conflictError([
    'already_closed',
    'already_ended',
    'member_left',
    'open_loan',
    'insufficient_balance',
    'idempotency_conflict',
    'already_served',
    'already_registered',
    'registration_taken',
    'step_refused',
    'checklist_incomplete',
  ]),
} as const;
const tags = ['cooperative operations'];

export const coopOperationsRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/cooperatives/:id/mentoring-sessions',
    {
      schema: {
        tags,
        summary:
          'Mentoring sessions (pendampingan manajemen) with their follow-ups (names attendees; audited)',
        params: IdParams,
        querystring: Type.Object({
          from: Type.Optional(DateText('first day')),
          to: Type.Optional(DateText('last day')),
        }),
        response: { 200: MentoringSessionsSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentSessions(
        request.params.id,
        await access(request).coopOperations.sessions(request.params.id, request.query),
      ),
  );
  app.post(
    '/api/v1/cooperatives/:id/mentoring-sessions',
    {
      schema: {
        tags,
        summary: 'Record a mentoring session with its findings and follow-ups due; needs cooperatives:manage',
        params: IdParams,
        body: Type.Object({
          held_on: DateText('date of the session'),
          mentor: Text(200),
          topic: Text(200),
          attendees: Type.Array(Text(200), { maxItems: 200 }),
          findings: Type.String({ maxLength: 5000 }),
          followups: Type.Array(Type.Object({ action: Text(500), due_on: DateText('due date') }), {
            maxItems: 50,
          }),
        }),
        response: { 201: SessionCreatedSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const r = await access(request).coopOperations.recordSession(request.params.id, {
        heldOn: b.held_on,
        mentor: b.mentor,
        topic: b.topic,
        attendees: b.attendees,
        findings: b.findings,
        followups: b.followups.map((f) => ({ action: f.action, dueOn: f.due_on })),
      });
      return reply.code(201).send(presentSessionCreated(r));
    },
  );
  app.post(
    '/api/v1/cooperatives/:id/followup-closures',
    {
      schema: {
        tags,
        summary: 'Close a mentoring follow-up (once); needs cooperatives:manage',
        params: IdParams,
        body: Type.Object({
          followup_id: Id(),
          closed_on: DateText('date it was done'),
          note: Type.String({ maxLength: 2000 }),
        }),
        response: { 200: FollowupClosedSchema, ...changeErrors },
      },
    },
    async (request) =>
      presentFollowupClosed(
        await access(request).coopOperations.closeFollowup(request.params.id, request.body.followup_id, {
          closedOn: request.body.closed_on,
          note: request.body.note,
        }),
      ),
  );
  app.get(
    '/api/v1/cooperatives/:id/register-check',
    {
      schema: {
        tags,
        summary:
          "The registrar's checks: business units, current officers, errors (even pengurus, pengurus also pengawas, …) and warnings (shared family card)",
        params: IdParams,
        querystring: Type.Object({ as_of: Type.Optional(DateText('default today')) }),
        response: { 200: RegisterCheckSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentRegisterCheck(
        await access(request).coopOperations.registerCheck(request.params.id, request.query.as_of),
      ),
  );
  app.post(
    '/api/v1/cooperatives/:id/business-units',
    {
      schema: {
        tags,
        summary:
          'Set the business units: office, sembako_outlet, savings_and_loan, clinic, pharmacy, warehouse_cold_storage, logistics, or custom:<name>; needs cooperatives:manage',
        params: IdParams,
        body: Type.Object({ units: Type.Array(Text(110), { maxItems: 30 }) }),
        response: { 200: BusinessUnitsSchema, ...changeErrors },
      },
    },
    async (request) => ({
      units: (await access(request).coopOperations.setBusinessUnits(request.params.id, request.body.units))
        .units,
    }),
  );
  app.post(
    '/api/v1/cooperatives/:id/officers',
    {
      schema: {
        tags,
        summary:
          'Appoint a pengurus or pengawas (the kepala desa chairs the pengawas ex officio); needs cooperatives:manage',
        params: IdParams,
        body: Type.Object({
          position: Type.Union(OFFICER_POSITIONS.map((p) => Type.Literal(p))),
          name: Text(200),
          nik: Type.Optional(Type.String({ pattern: '^\\d{16}$' })),
          kk: Type.Optional(Type.String({ pattern: '^\\d{16}$', description: 'No. KK (family card)' })),
          ex_officio: Type.Optional(Type.Boolean()),
          start_date: DateText('first day in office'),
        }),
        response: { 201: OfficerCreatedSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const r = await access(request).coopOperations.appointOfficer(request.params.id, {
        position: b.position,
        name: b.name,
        nik: b.nik ?? null,
        kk: b.kk ?? null,
        exOfficio: b.ex_officio ?? false,
        startDate: b.start_date,
      });
      return reply.code(201).send({ officer_id: r.officerId });
    },
  );
  app.post(
    '/api/v1/cooperatives/:id/officer-terms-ended',
    {
      schema: {
        tags,
        summary: "End an officer's term (the record is kept); needs cooperatives:manage",
        params: IdParams,
        body: Type.Object({ officer_id: Id(), end_date: DateText('last day in office') }),
        response: { 200: OfficerEndedSchema, ...changeErrors },
      },
    },
    async (request) => {
      const r = await access(request).coopOperations.endOfficer(
        request.params.id,
        request.body.officer_id,
        request.body.end_date,
      );
      return { officer_id: r.officerId, end_date: r.endDate };
    },
  );
  app.post(
    '/api/v1/cooperatives/:id/rat-meetings',
    {
      schema: {
        tags,
        summary:
          "Record when a book year's RAT (annual members' meeting) was held; needs cooperatives:manage",
        params: IdParams,
        body: Type.Object({
          book_year: Type.Integer({ minimum: 1990, maximum: 2200 }),
          held_on: DateText('date of the RAT'),
        }),
        response: { 200: RatSchema, ...changeErrors },
      },
    },
    async (request) => {
      const r = await access(request).coopOperations.recordRat(
        request.params.id,
        request.body.book_year,
        request.body.held_on,
      );
      return { book_year: r.bookYear, held_on: r.heldOn };
    },
  );
  app.get(
    '/api/v1/cooperatives/:id/health',
    {
      schema: {
        tags,
        summary: 'Health score 0–100 with its seven components (formula in docs/FINANCE.md)',
        params: IdParams,
        querystring: Type.Object({ as_of: Type.Optional(DateText('default today')) }),
        response: { 200: HealthSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentHealth(
        request.params.id,
        await access(request).coopOperations.health(request.params.id, request.query.as_of),
      ),
  );
  app.post(
    '/api/v1/cooperative-members/:id/exit',
    {
      schema: {
        tags,
        summary:
          'A member leaves: pokok, wajib and sukarela are refunded in one entry and the history kept; needs ledger:post and an Idempotency-Key',
        params: IdParams,
        headers: Type.Object({
          'idempotency-key': Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' }),
        }),
        body: Type.Object({
          date: DateText('exit date'),
          memo: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 200: ExitSchema, 201: ExitSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const r = await access(request).coopOperations.memberExit(request.params.id, {
        idempotencyKey: request.headers['idempotency-key'],
        date: request.body.date,
        memo: request.body.memo,
      });
      return reply.code(r.replayed ? 200 : 201).send(presentExit(r));
    },
  );
  app.get(
    '/api/v1/cooperative-members/:id/history',
    {
      schema: {
        tags,
        summary: "A member's history: joining, leaving with the refund entry (audited)",
        params: IdParams,
        response: { 200: MemberHistorySchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentMemberHistory(await access(request).coopOperations.memberHistory(request.params.id)),
  );
  app.get(
    '/api/v1/cooperative-foundings',
    {
      schema: {
        tags,
        summary: 'Founding checklists of community cooperatives',
        querystring: Type.Object({ region: Type.Optional(RegionCodeParam), ...PageQuery }),
        response: { 200: FoundingPageSchema, ...protectedErrors },
      },
    },
    async (request) => presentFoundingPage(await access(request).coopOperations.foundings(request.query)),
  );
  app.post(
    '/api/v1/cooperative-foundings',
    {
      schema: {
        tags,
        summary: 'Open a founding checklist for a village no cooperative serves; needs cooperatives:manage',
        body: Type.Object({ village_code: RegionCodeParam, name: Text(200) }),
        response: { 201: FoundingSchema, ...changeErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          presentFounding(
            await access(request).coopOperations.startFounding(request.body.village_code, request.body.name),
          ),
        ),
  );
  app.get(
    '/api/v1/cooperative-foundings/:id',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: FoundingSchema, ...protectedErrors },
      },
    },
    async (request) => presentFounding(await access(request).coopOperations.getFounding(request.params.id)),
  );
  app.post(
    '/api/v1/cooperative-foundings/:id/steps',
    {
      schema: {
        tags,
        summary:
          'Record a checklist step with its date and document (musdesus, founders ≥ 9, ad_art, legal_entity, bank_account, officers_elected); needs cooperatives:manage',
        params: IdParams,
        body: Type.Object({
          step: Type.Union(FOUNDING_STEPS.map((s) => Type.Literal(s))),
          done_on: DateText('date'),
          document: Text(500),
          founders: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
          legal_entity_no: Type.Optional(Text(100)),
          bank: Type.Optional(Text(100)),
          account_no: Type.Optional(Text(50)),
        }),
        response: { 200: FoundingSchema, ...changeErrors },
      },
    },
    async (request) => {
      const b = request.body;
      return presentFounding(
        await access(request).coopOperations.recordFoundingStep(request.params.id, {
          step: b.step,
          doneOn: b.done_on,
          document: b.document,
          details: {
            ...(b.founders === undefined ? {} : { founders: b.founders }),
            ...(b.legal_entity_no === undefined ? {} : { legal_entity_no: b.legal_entity_no }),
            ...(b.bank === undefined ? {} : { bank: b.bank }),
            ...(b.account_no === undefined ? {} : { account_no: b.account_no }),
          },
        }),
      );
    },
  );
  app.post(
    '/api/v1/cooperative-foundings/:id/register',
    {
      schema: {
        tags,
        summary: 'Every step done: the cooperative enters the register; needs cooperatives:manage',
        params: IdParams,
        response: { 200: FoundingSchema, ...changeErrors },
      },
    },
    async (request) =>
      presentFounding(await access(request).coopOperations.registerFounding(request.params.id)),
  );
  app.get(
    '/api/v1/cooperatives/:id/report',
    {
      schema: {
        tags,
        summary:
          'One report as CSV or XLSX: members (register), savings, loans (portfolio and PAR), balance-sheet (with the income statement), shu; Bahasa Indonesia or English (names members; audited)',
        params: IdParams,
        querystring: Type.Object({
          kind: Type.Optional(ReportKind),
          format: Type.Optional(Format),
          ...ReportQuery,
        }),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...protectedErrors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const kind = q.kind ?? 'members';
      const format = q.format ?? 'csv';
      const file = await access(request).coopOperations.report(
        request.params.id,
        kind,
        format,
        reportOptions(q),
      );
      return reply
        .type(
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header(
          'content-disposition',
          `attachment; filename="koperasi-${request.params.id}-${kind}.${format}"`,
        )
        .send(file.body);
    },
  );
  app.get(
    '/api/v1/cooperatives/:id/rat-report.pdf',
    {
      schema: {
        tags,
        summary:
          'The RAT report (PDF): members, savings, loans and PAR, balance sheet and income statement, SHU of the book year (names members; audited)',
        params: IdParams,
        querystring: Type.Object(ReportQuery),
        produces: ['application/pdf'],
        response: { ...protectedErrors },
      },
    },
    async (request, reply) => {
      const pdf = await access(request).coopOperations.ratReport(
        request.params.id,
        reportOptions(request.query),
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="laporan-rat-${request.params.id}.pdf"`)
        .send(pdf);
    },
  );
  done();
};

const ReportKind = Type.Union(REPORT_KINDS.map((k) => Type.Literal(k)));
const Format = Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]);
const Percent = Type.String({ pattern: '^\\d{1,3}([.,]\\d{1,8})?$' });
const ReportQuery = {
  year: Type.Optional(
    Type.Integer({ minimum: 1990, maximum: 2200, description: 'book year, default last year' }),
  ),
  lang: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('en')])),
  reserve: Type.Optional(Percent),
  jasa_usaha: Type.Optional(Percent),
  jasa_modal: Type.Optional(Percent),
};

function reportOptions(q: {
  year?: number | undefined;
  lang?: 'id' | 'en' | undefined;
  reserve?: string | undefined;
  jasa_usaha?: string | undefined;
  jasa_modal?: string | undefined;
}) {
  const shu =
    q.reserve !== undefined && q.jasa_usaha !== undefined && q.jasa_modal !== undefined
      ? { reserve: q.reserve, jasaUsaha: q.jasa_usaha, jasaModal: q.jasa_modal, others: [] }
      : undefined;
  return { year: q.year ?? new Date().getUTCFullYear() - 1, lang: q.lang ?? 'id', shu };
}
