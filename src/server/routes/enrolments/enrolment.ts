import { access } from '../../authentication.js';
import { EnrolmentDetailSchema, presentEnrolmentDetail } from '../../presenters/pilots.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { type RouteApp } from './shared.js';

/** `GET /api/v1/enrolments/:id` */
export function enrolmentRoute(app: RouteApp): void {
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
}
