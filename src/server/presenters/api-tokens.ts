import { Type } from 'typebox';
import type { ApiTokenRow } from '../../access/api-token-access.js';
import { Nullable } from '../schemas.js';

/** A machine token as the API lists it: never the secret or its hash. */
export const ApiTokenSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String({ description: 'the user the token acts as' }),
  name: Nullable(Type.String({ description: 'what the token is for, e.g. "dinsos-sync"' })),
  created_at: Type.String({ format: 'date-time' }),
  expires_at: Nullable(Type.String({ format: 'date-time' })),
  last_used_at: Nullable(Type.String({ format: 'date-time' })),
  revoked: Type.Boolean(),
});

export const IssuedApiTokenSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  name: Type.String(),
  token: Type.String({ description: 'the secret, shown this once (only its hash is stored)' }),
  expires_at: Nullable(Type.String({ format: 'date-time' })),
});

export function presentApiToken(t: ApiTokenRow) {
  return {
    id: t.id,
    username: t.username,
    name: t.name,
    created_at: t.created_at.toISOString(),
    expires_at: t.expires_at?.toISOString() ?? null,
    last_used_at: t.last_used_at?.toISOString() ?? null,
    revoked: t.revoked_at !== null,
  };
}

export function presentIssuedApiToken(
  issued: { id: number; username: string; token: string; expiresAt: Date | null },
  name: string,
) {
  return {
    id: issued.id,
    username: issued.username,
    name,
    token: issued.token,
    expires_at: issued.expiresAt?.toISOString() ?? null,
  };
}
