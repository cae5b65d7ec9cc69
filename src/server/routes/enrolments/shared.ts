import { Type } from 'typebox';
import { FUNNEL_STATES } from '../../../pilots/enrolment/funnel.js';
import { Id as IdSchema } from '../../schemas.js';

export type { RouteApp } from '../coop-operations/shared.js';

export const Id = IdSchema();
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const State = Type.Union(FUNNEL_STATES.map((s) => Type.Literal(s)));
export const Meta = {
  occurred_at: Type.Optional(Type.String({ format: 'date-time' })),
  facilitator: Type.Optional(Type.String({ maxLength: 100 })),
  place: Type.Optional(Type.String({ maxLength: 200 })),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
};
