import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { conflictError, protectedErrors } from '../../schemas.js';

/** The app a route registers on (the TypeBox type provider's instance). */
export type RouteApp = Parameters<FastifyPluginCallbackTypebox>[0];

/** A civil date `YYYY-MM-DD`. */
export const DateText = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
/** Non-empty text up to `max` characters. */
export const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
/** The errors of a change: the protected ones and the refusals (409). */
export const changeErrors = {
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
export const tags = ['cooperative operations'];
