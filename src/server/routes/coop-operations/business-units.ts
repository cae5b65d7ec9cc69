import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { BusinessUnitsSchema } from '../../presenters/coop-operations.js';
import { IdParams } from '../../schemas.js';
import { Text, changeErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperatives/:id/business-units` */
export function businessUnitsRoute(app: RouteApp): void {
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
}
