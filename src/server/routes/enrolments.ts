import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FUNNEL_STATES } from '../../pilots/enrolment/funnel.js';
import { VersionConflictError } from '../../pilots/enrolment/enrolment-service.js';
import { VISIT_OUTCOMES } from '../../pilots/enrolment/visit-log.js';
import { renderWorkListPdf } from '../../pilots/enrolment/work-list-pdf.js';
import { WORK_LIST_HEADERS, workListCells } from '../../pilots/enrolment/work-list.js';
import { csvBuffer, xlsxBuffer } from '../../shared/spreadsheet-buffer.js';
import { access } from '../authentication.js';
import { errorBody } from '../error-handler.js';
import {
  ConflictSchema,
  EnrolmentDetailSchema,
  EnrolmentFunnelSchema,
  EnrolmentPageSchema,
  EnrolmentSchema,
  FacilitatorVillageSchema,
  presentEnrolment,
  presentEnrolmentDetail,
  presentEnrolmentFunnel,
  presentEnrolmentPage,
  presentVisit,
  presentWorkList,
  VisitSchema,
  WorkListSchema,
} from '../presenters/pilots.js';
import { Id as IdSchema, IdParams, PageQuery, protectedErrors, RegionCodeParam } from '../schemas.js';

const Id = IdSchema();
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const State = Type.Union(FUNNEL_STATES.map((s) => Type.Literal(s)));
const Meta = {
  occurred_at: Type.Optional(Type.String({ format: 'date-time' })),
  facilitator: Type.Optional(Type.String({ maxLength: 100 })),
  place: Type.Optional(Type.String({ maxLength: 200 })),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
};

/** The enrolment funnel, facilitators' work lists and visits, facilitator–village assignment. */
export const enrolmentRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/enrolments',
    {
      schema: {
        tags: ['enrolment'],
        summary:
          'Enrolments in scope (assigned villages for a pendamping, own cooperative for a coop_officer)',
        querystring: Type.Object({
          pilot_id: Type.Optional(Id),
          state: Type.Optional(State),
          region: Type.Optional(RegionCodeParam),
          ...PageQuery,
        }),
        response: { 200: EnrolmentPageSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const q = request.query;
      return presentEnrolmentPage(
        await access(request).enrolments.list({
          pilotId: q.pilot_id,
          state: q.state,
          region: q.region,
          limit: q.limit,
          cursor: q.cursor,
        }),
      );
    },
  );
  app.get(
    '/api/v1/enrolment-funnel',
    {
      schema: {
        tags: ['enrolment'],
        summary:
          'The enrolment funnel of the caller’s scope, or of a region or pilot in it: each step reached (with its share of those identified) and the side exits now; counts only',
        querystring: Type.Object({
          pilot_id: Type.Optional(Id),
          region: Type.Optional(RegionCodeParam),
        }),
        response: { 200: EnrolmentFunnelSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentEnrolmentFunnel(
        await access(request).enrolments.funnel({
          pilotId: request.query.pilot_id,
          region: request.query.region,
        }),
      ),
  );
  app.get(
    '/api/v1/enrolments/:id',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'One enrolment with its full history of transitions',
        params: IdParams,
        response: { 200: EnrolmentDetailSchema, ...protectedErrors },
      },
    },
    async (request) => presentEnrolmentDetail(await access(request).enrolments.get(request.params.id)),
  );
  app.post(
    '/api/v1/enrolments',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Enrol a person of an open treatment cluster (a control cluster is refused with the reason)',
        body: Type.Object({ pilot_id: Id, person_id: Id, ...Meta }),
        response: { 201: EnrolmentSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const e = await access(request).enrolments.add({
        pilotId: b.pilot_id,
        personId: b.person_id,
        facilitator: b.facilitator,
        place: b.place,
        note: b.note,
        occurredAt: b.occurred_at === undefined ? undefined : new Date(b.occurred_at),
      });
      return reply.code(201).send(presentEnrolment(e));
    },
  );
  app.post(
    '/api/v1/enrolments/:id/transitions',
    {
      schema: {
        tags: ['enrolment'],
        summary:
          'Move an enrolment to its next state (consent enforced; registration creates the membership); 409 with the current state when expected_version is stale',
        params: IdParams,
        body: Type.Object({
          to: State,
          expected_version: Type.Integer({ minimum: 1 }),
          member_no: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          joined_on: Type.Optional(IsoDate),
          ...Meta,
        }),
        response: { 200: EnrolmentSchema, 409: ConflictSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      try {
        return presentEnrolment(
          await access(request).enrolments.move({
            enrolmentId: request.params.id,
            to: b.to,
            expectedVersion: b.expected_version,
            memberNo: b.member_no,
            joinedOn: b.joined_on,
            facilitator: b.facilitator,
            place: b.place,
            note: b.note,
            occurredAt: b.occurred_at === undefined ? undefined : new Date(b.occurred_at),
          }),
        );
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        const body = errorBody('version_conflict', error.message, error.messageId);
        return reply.code(409).send({ ...body, current: presentEnrolment(error.current) });
      }
    },
  );
  app.post(
    '/api/v1/enrolments/:id/visits',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Log a facilitator visit: date, outcome, next visit',
        params: IdParams,
        body: Type.Object({
          visited_on: IsoDate,
          outcome: Type.Union(VISIT_OUTCOMES.map((o) => Type.Literal(o))),
          next_visit_on: Type.Optional(IsoDate),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 201: VisitSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const visit = await access(request).enrolments.visit({
        enrolmentId: request.params.id,
        visitedOn: b.visited_on,
        outcome: b.outcome,
        nextVisitOn: b.next_visit_on,
        note: b.note,
      });
      return reply.code(201).send(presentVisit(visit));
    },
  );
  app.get(
    '/api/v1/work-list',
    {
      schema: {
        tags: ['enrolment'],
        summary:
          'The caller’s work list: open enrolments of their villages with the next step (consent withdrawn: never listed)',
        querystring: Type.Object({ pilot_id: Type.Optional(Id), region: Type.Optional(RegionCodeParam) }),
        response: { 200: WorkListSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentWorkList(
        await access(request).enrolments.workList({
          pilotId: request.query.pilot_id,
          region: request.query.region,
        }),
      ),
  );
  app.get(
    '/api/v1/work-list/export',
    {
      schema: {
        tags: ['enrolment'],
        summary:
          'The caller’s work list as CSV or XLSX (a signature column); NIK and address masked unless pii:read and X-Purpose',
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
          pilot_id: Type.Optional(Id),
          region: Type.Optional(RegionCodeParam),
        }),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...protectedErrors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const format = q.format ?? 'csv';
      const rows = await access(request).enrolments.workList({
        pilotId: q.pilot_id,
        region: q.region,
        format,
      });
      const cells = workListCells(rows, 'id');
      const name = `daftar-kerja${q.region ? `-${q.region}` : ''}`;
      if (format === 'xlsx')
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${name}.xlsx"`)
          .send(await xlsxBuffer(WORK_LIST_HEADERS, cells, 'daftar-kerja'));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(csvBuffer(WORK_LIST_HEADERS, cells));
    },
  );
  app.get(
    '/api/v1/villages/:code/work-list.pdf',
    {
      schema: {
        tags: ['enrolment'],
        summary:
          'Printable work list of one village (PDF, Bahasa Indonesia): name, address and NIK (masked unless pii:read and X-Purpose), treatment, stage, next step, a signature line',
        params: Type.Object({ code: RegionCodeParam }),
        querystring: Type.Object({ pilot_id: Type.Optional(Id) }),
        produces: ['application/pdf'],
        response: { ...protectedErrors },
      },
    },
    async (request, reply) => {
      const layer = access(request);
      const { rows, villageName, reveal } = await layer.enrolments.villageWorkList(request.params.code, {
        pilotId: request.query.pilot_id,
      });
      const pdf = await renderWorkListPdf(rows, {
        villageNames: new Map([[request.params.code, villageName]]),
        facilitator: layer.principal.role === 'pendamping' ? layer.principal.username : null,
        generatedAt: new Date(),
        revealed: reveal,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="daftar-kerja-${request.params.code}.pdf"`)
        .send(pdf);
    },
  );
  app.post(
    '/api/v1/facilitators/:id/villages',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Assign a pendamping (user id) to a village of their regions',
        params: IdParams,
        body: Type.Object({ village_code: RegionCodeParam }),
        response: { 201: FacilitatorVillageSchema, ...protectedErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await access(request).enrolments.assignFacilitator(request.params.id, request.body.village_code),
        ),
  );
  done();
};
