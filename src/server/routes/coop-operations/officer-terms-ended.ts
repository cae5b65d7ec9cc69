import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { OfficerEndedSchema } from '../../presenters/coop-operations.js';
import { Id, IdParams } from '../../schemas.js';
import { DateText, changeErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperatives/:id/officer-terms-ended` */
export function officerTermsEndedRoute(app: RouteApp): void {
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
}
