import type { Permission, Role } from './roles.js';
import { ROLE_DEFINITIONS } from './roles.js';

/**
 * Where a user may look. National: everything. Regions: those codes and their descendants. Cooperative: one
 * cooperative and its members, nothing else.
 */
export type Scope =
  | { kind: 'national' }
  | { kind: 'regions'; codes: readonly string[] }
  | { kind: 'cooperative'; cooperativeId: number };

/** The signed-in user as the access layer sees them (never a database row). */
export interface Principal {
  userId: number;
  username: string;
  role: Role;
  scope: Scope;
  /** The stated purpose of this request (X-Purpose header), needed to see full identifiers. */
  purpose: string | null;
  /** Client address, written to the audit log. */
  origin: string | null;
}

export function can(principal: Principal, permission: Permission): boolean {
  return ROLE_DEFINITIONS[principal.role].permissions.includes(permission);
}

export function scopeOf(role: Role, regionCodes: readonly string[], cooperativeId: number | null): Scope {
  const rule = ROLE_DEFINITIONS[role].scope;
  if (rule === 'cooperative') {
    if (cooperativeId === null) throw new Error(`a ${role} needs a cooperative`);
    return { kind: 'cooperative', cooperativeId };
  }
  if (regionCodes.length === 0) {
    if (rule === 'regions') throw new Error(`a ${role} needs at least one region`);
    return { kind: 'national' };
  }
  return { kind: 'regions', codes: regionCodes };
}
