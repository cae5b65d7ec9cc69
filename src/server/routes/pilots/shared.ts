import { Type } from 'typebox';

export type { RouteApp } from '../coop-operations/shared.js';

export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
