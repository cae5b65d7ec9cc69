import { Type, type TSchema } from 'typebox';

/** Shared API schemas. Response schemas also strip any field a presenter did not name. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A record's public reference (privacy/record-ref.ts): tells masked records apart without identifier digits. */
export const RefField = Type.String({
  pattern: '^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$',
  description:
    'stable public reference of the record (keyed hash of its id, no NIK/KK digits): say it instead of a NIK',
  examples: ['K7Q2M-XW9TA'],
});

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable machine-readable code' }),
      message: Type.String({ description: 'English' }),
      message_id: Type.Optional(Type.String({ description: 'Bahasa Indonesia' })),
      request_id: Type.Optional(
        Type.String({ description: 'server errors: the id of the request in the server log' }),
      ),
    }),
  },
  { $id: 'ErrorResponse' },
);

/** Largest id the API accepts: ids are bigint columns read as JS numbers, so the largest exact integer. */
export const ID_MAX = Number.MAX_SAFE_INTEGER;
const CANONICAL_ID = /^[1-9][0-9]{0,15}$/;

/**
 * A record id, in the path, the query or a body: a canonical positive integer (no sign, spaces, decimals,
 * exponent or leading zero) up to ID_MAX. Plain ajv type coercion would read "1.0", "+1" and " 1" as 1 and
 * "1e309" as Infinity, so the `x-entas-id` keyword (installed by `idKeyword`) checks the text and converts it.
 */
export const Id = (options: { description?: string } = {}) =>
  Type.Unsafe<number>({
    type: ['integer', 'string'],
    'x-entas-id': true,
    minimum: 1,
    maximum: ID_MAX,
    pattern: CANONICAL_ID.source,
    ...options,
  });

export const IdParams = Type.Object({ id: Id() });

/** The part of ajv (8, inside Fastify) the keyword plugin uses. */
interface AjvKeywords {
  addKeyword(definition: {
    keyword: string;
    modifying: boolean;
    errors: boolean;
    validate: (schema: unknown, data: unknown, parent: unknown, ctx?: KeywordContext) => boolean;
  }): unknown;
}

interface KeywordContext {
  parentData: Record<string | number, unknown>;
  parentDataProperty: string | number;
}

/** The ajv plugin behind `Id`: validates, then replaces the checked text by its number. */
export function idKeyword<T extends AjvKeywords>(ajv: T): T {
  ajv.addKeyword({
    keyword: 'x-entas-id',
    modifying: true,
    errors: false,
    validate: (_schema: unknown, data: unknown, _parent: unknown, ctx?: KeywordContext) => {
      if (typeof data === 'number') return Number.isSafeInteger(data) && data >= 1;
      if (typeof data !== 'string' || !CANONICAL_ID.test(data)) return false;
      const value = Number(data);
      if (value > ID_MAX) return false;
      if (ctx) ctx.parentData[ctx.parentDataProperty] = value;
      return true;
    },
  });
  return ajv;
}

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 100, description: 'next_cursor of the previous page' })),
};

export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), next_cursor: Nullable(Type.String()) });

const errorRef = Type.Ref('ErrorResponse');
/** The error responses every protected route can give. */
export const protectedErrors = { 400: errorRef, 401: errorRef, 403: errorRef, 404: errorRef } as const;
/**
 * The 409 of a change that business rules may refuse (shared/errors.ts ConflictError): the request was well formed but
 * the current state forbids it; `error.code` says which rule (the codes listed).
 */
export const conflictError = (codes: readonly string[]) =>
  Type.Ref('ErrorResponse', {
    description: `Refused by a business rule; error.code is one of: ${codes.join(', ')}`,
  });

export const RegionCodeParam = Type.String({
  pattern: '^[0-9.]{2,13}$',
  description: 'Kemendagri code, dots optional',
});
