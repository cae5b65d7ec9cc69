import { Type } from 'typebox';
import { OFFICER_POSITIONS } from '../../../cooperatives/operations/register-checks.js';
import { access } from '../../authentication.js';
import { OfficerCreatedSchema } from '../../presenters/coop-operations.js';
import { IdParams } from '../../schemas.js';
import { DateText, Text, changeErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperatives/:id/officers` */
export function appointOfficerRoute(app: RouteApp): void {
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
}
