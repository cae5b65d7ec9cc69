/**
 * The permission matrix, as data. docs/SECURITY.md renders the same table; `roles.test.ts` checks they agree.
 * Permissions say WHAT a role may do; the user's scope (regions or one cooperative) says WHERE.
 */
export const PERMISSIONS = [
  'households:read',
  'persons:read',
  'pii:read',
  'regions:read',
  'indicators:read',
  'cooperatives:read',
  'members:read',
  'batches:read',
  'imports:write',
  'linkage:review',
  'policies:read',
  'policies:write',
  'users:read',
  'users:manage',
  'audit:read',
  'dsr:read',
  'dsr:manage',
  'consent:read',
  'consent:manage',
  'breaches:manage',
  'pilots:read',
  'pilots:manage',
  'enrolment:read',
  'enrolment:manage',
  'facilitators:manage',
  'ledger:post',
  'cooperatives:manage',
  'verification:read',
  'verification:propose',
  'verification:review',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'admin',
  'kemensos_officer',
  'kemenkop_officer',
  'bptaskin_analyst',
  'pemda_officer',
  'coop_officer',
  'pendamping',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** How a role's scope is set: national roles may be narrowed to regions; regional roles need ≥1 region. */
export type ScopeRule = 'national_or_regions' | 'regions' | 'cooperative';

export interface RoleDefinition {
  description: string;
  scope: ScopeRule;
  /** Administrators must sign in with a TOTP code as well as their password. */
  requiresTotp: boolean;
  permissions: readonly Permission[];
}

const READ_DATA: Permission[] = ['households:read', 'persons:read', 'regions:read', 'indicators:read'];

export const ROLE_DEFINITIONS: Record<Role, RoleDefinition> = {
  admin: {
    description:
      'manages users and tokens; reads the audit log; sees masked data only (separation of duties)',
    scope: 'national_or_regions',
    requiresTotp: true,
    permissions: [
      ...READ_DATA,
      'cooperatives:read',
      'members:read',
      'batches:read',
      'users:read',
      'users:manage',
      'audit:read',
      'dsr:read',
      'dsr:manage',
      'consent:read',
      'breaches:manage',
      'pilots:read',
      'enrolment:read',
      'facilitators:manage',
      'verification:read',
    ],
  },
  kemensos_officer: {
    description: 'Kemensos: recipient lists (KPM), imports, identifiers for a stated purpose',
    scope: 'national_or_regions',
    requiresTotp: false,
    permissions: [
      ...READ_DATA,
      'pii:read',
      'cooperatives:read',
      'members:read',
      'batches:read',
      'imports:write',
      'linkage:review',
      'policies:read',
      'dsr:read',
      'dsr:manage',
      'consent:read',
      'consent:manage',
      'pilots:read',
      'enrolment:read',
      'verification:read',
      'verification:review',
    ],
  },
  kemenkop_officer: {
    description: 'Kemenkop: cooperatives and membership, identifiers for a stated purpose',
    scope: 'national_or_regions',
    requiresTotp: false,
    permissions: [
      ...READ_DATA,
      'pii:read',
      'cooperatives:read',
      'members:read',
      'batches:read',
      'imports:write',
      'policies:read',
      'consent:read',
      'pilots:read',
      'pilots:manage',
      'enrolment:read',
      'enrolment:manage',
      'facilitators:manage',
      'cooperatives:manage',
    ],
  },
  bptaskin_analyst: {
    description: 'BP Taskin: targeting, linkage quality and indicators on masked data',
    scope: 'national_or_regions',
    requiresTotp: false,
    permissions: [
      ...READ_DATA,
      'cooperatives:read',
      'members:read',
      'batches:read',
      'linkage:review',
      'policies:read',
      'policies:write',
      'pilots:read',
      'pilots:manage',
      'enrolment:read',
      'verification:read',
    ],
  },
  pemda_officer: {
    description: 'regional office: verifies and runs the pilot in its own regions only',
    scope: 'regions',
    requiresTotp: false,
    permissions: [
      ...READ_DATA,
      'pii:read',
      'cooperatives:read',
      'members:read',
      'dsr:read',
      'dsr:manage',
      'consent:read',
      'consent:manage',
      'pilots:read',
      'enrolment:read',
      'enrolment:manage',
      'facilitators:manage',
      'verification:read',
      'verification:propose',
      'verification:review',
    ],
  },
  coop_officer: {
    description: 'cooperative board member: their own cooperative and its members only',
    scope: 'cooperative',
    requiresTotp: false,
    permissions: [
      'cooperatives:read',
      'members:read',
      'pii:read',
      'enrolment:read',
      'enrolment:manage',
      'ledger:post',
      'cooperatives:manage',
    ],
  },
  pendamping: {
    description: 'field facilitator: households and cooperatives of the assigned villages',
    scope: 'regions',
    requiresTotp: false,
    permissions: [
      ...READ_DATA,
      'pii:read',
      'cooperatives:read',
      'members:read',
      'consent:read',
      'consent:manage',
      'pilots:read',
      'enrolment:read',
      'enrolment:manage',
      'cooperatives:manage',
      'verification:read',
      'verification:propose',
    ],
  },
  auditor: {
    description: 'reads the audit log, users and data-protection registers; sees masked data only',
    scope: 'national_or_regions',
    requiresTotp: false,
    permissions: [
      ...READ_DATA,
      'cooperatives:read',
      'members:read',
      'batches:read',
      'users:read',
      'audit:read',
      'dsr:read',
      'consent:read',
      'pilots:read',
      'enrolment:read',
      'verification:read',
    ],
  },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_DEFINITIONS[role].permissions.includes(permission);
}

/**
 * The permissions `granted` carries that `granter` lacks, in matrix order (empty when the granter holds them all).
 * Separation of duties: through the API a user may only hand out roles within their own permissions, so an
 * administrator (masked data only) cannot create a pii:read user and act as it. docs/SECURITY.md.
 */
export function permissionsBeyond(granter: Role, granted: Role): Permission[] {
  const own = ROLE_DEFINITIONS[granter].permissions;
  return PERMISSIONS.filter((p) => ROLE_DEFINITIONS[granted].permissions.includes(p) && !own.includes(p));
}
