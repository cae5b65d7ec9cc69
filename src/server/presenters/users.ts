import { Type } from 'typebox';
import type { UserRecord } from '../../auth/user-repository.js';
import { Nullable } from '../schemas.js';

/** Users as the API shows them: never the password hash, TOTP secret or token hashes. */
export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: Type.String(),
  regions: Type.Array(Type.String()),
  cooperative_id: Nullable(Type.Integer()),
  totp_enrolled: Type.Boolean(),
  disabled: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
});

export function presentUser(u: UserRecord) {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    regions: u.regionCodes,
    cooperative_id: u.cooperativeId,
    totp_enrolled: u.hasTotp,
    disabled: u.disabled,
    created_at: u.createdAt.toISOString(),
  };
}
