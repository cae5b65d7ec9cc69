import { Type } from 'typebox';
import { FOUNDING_STEPS } from '../../../cooperatives/operations/founding.js';
import { access } from '../../authentication.js';
import { FoundingSchema, presentFounding } from '../../presenters/coop-operations.js';
import { IdParams } from '../../schemas.js';
import { DateText, Text, changeErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperative-foundings/:id/steps` */
export function foundingStepsRoute(app: RouteApp): void {
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
}
