import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { RatSchema } from '../../presenters/coop-operations.js';
import { IdParams } from '../../schemas.js';
import { DateText, changeErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperatives/:id/rat-meetings` */
export function ratMeetingsRoute(app: RouteApp): void {
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
}
