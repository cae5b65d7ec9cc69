import type { Migration } from '../migration.js';

/**
 * No role keeps UPDATE, DELETE or TRUNCATE on the audit tables: revoked from PUBLIC, from every role holding
 * them, and from the owner (normally the role entas runs as). The triggers of migration 0420 refuse the same
 * statements; this is the second lock, checked before any trigger runs. An owner could grant the privileges back
 * (and a superuser has them all), which the signed checkpoints catch. A no-op where the migrating role is a
 * superuser and no other role has them, as on PGlite.
 */
export const auditPrivilegesMigration: Migration = {
  name: '0431-audit-privileges',
  up: (tx) =>
    tx.exec(`
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_checkpoints FROM PUBLIC;
DO $$
DECLARE
  holder text;
BEGIN
  FOR holder IN
    SELECT DISTINCT r.rolname
      FROM pg_class c
      CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
      JOIN pg_roles r ON r.oid = a.grantee
     WHERE c.oid IN ('audit_log'::regclass, 'audit_checkpoints'::regclass)
       AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
  LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_checkpoints FROM %I', holder);
  END LOOP;
END
$$;
`),
};
