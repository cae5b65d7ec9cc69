import { Type } from 'typebox';
import { conflictError, protectedErrors } from '../../schemas.js';

export type { RouteApp } from '../coop-operations/shared.js';

export const DateText = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
export const Percent = (description: string) =>
  Type.String({ pattern: '^[0-9]{1,3}([.,][0-9]{1,6})?$', description: `${description}, percent` });
export const Amount = Type.Integer({
  minimum: 1,
  maximum: 1_000_000_000_000_000,
  description: 'whole rupiah',
});
/** A retried request with the same key is answered from the first one and posts nothing new. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' }),
});
export const PostBase = {
  date: DateText('posting date YYYY-MM-DD'),
  memo: Type.Optional(Type.String({ maxLength: 500 })),
};
export const postErrors = {
  ...protectedErrors,
  409: conflictError([
    'idempotency_conflict',
    'insufficient_balance',
    'not_withdrawable',
    'not_configured',
    'already_paid',
    'already_reversed',
    'member_left',
    'written_off',
    'overpayment',
    'nothing_outstanding',
  ]),
} as const;
export const tags = ['cooperative books'];
