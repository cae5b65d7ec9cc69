import { Type } from 'typebox';
import type { StoredPolicyVersion } from '../../policy/policy-store.js';
import { Nullable } from '../schemas.js';

export const StoredPolicySchema = Type.Object({
  policy_id: Type.String({ description: 'the id in the policy file, e.g. kopdes-default' }),
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      as_of: Type.String({ format: 'date' }),
      content_hash: Type.String({ description: 'sha256 of the YAML exactly as stored' }),
      created_by: Nullable(Type.String()),
      created_at: Type.String({ format: 'date-time' }),
      applications: Type.Integer({ description: 'times this version was applied' }),
      last_applied_at: Nullable(Type.String({ format: 'date-time' })),
    }),
    { description: 'newest version first' },
  ),
});

export const StoredPolicyListSchema = Type.Object({ items: Type.Array(StoredPolicySchema) });

/** Groups stored versions by policy id (the store returns them ordered by id, newest version first). */
export function presentStoredPolicies(rows: StoredPolicyVersion[]) {
  const byId = new Map<string, StoredPolicyVersion[]>();
  for (const row of rows) byId.set(row.policy_id, [...(byId.get(row.policy_id) ?? []), row]);
  return {
    items: [...byId].map(([policyId, versions]) => ({
      policy_id: policyId,
      versions: versions.map((v) => ({
        version: v.version,
        as_of: v.as_of,
        content_hash: v.content_hash,
        created_by: v.created_by,
        created_at: new Date(v.created_at).toISOString(),
        applications: v.applications,
        last_applied_at: v.last_applied_at === null ? null : new Date(v.last_applied_at).toISOString(),
      })),
    })),
  };
}
