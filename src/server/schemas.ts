import { Type, type TSchema } from 'typebox';

/** Shared API schemas. Response schemas also strip any field a presenter did not name. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable machine-readable code' }),
      message: Type.String({ description: 'English' }),
      message_id: Type.Optional(Type.String({ description: 'Bahasa Indonesia' })),
    }),
  },
  { $id: 'ErrorResponse' },
);

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }) });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 100, description: 'next_cursor of the previous page' })),
};

export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), next_cursor: Nullable(Type.String()) });

const errorRef = Type.Ref('ErrorResponse');
/** The error responses every protected route can give. */
export const protectedErrors = { 400: errorRef, 401: errorRef, 403: errorRef, 404: errorRef } as const;

export const RegionCodeParam = Type.String({
  pattern: '^[0-9.]{2,13}$',
  description: 'Kemendagri code, dots optional',
});
