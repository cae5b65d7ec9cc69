import type { Migration } from '../migration.js';

/**
 * The audit log becomes append-only in the database itself: a trigger refuses UPDATE, DELETE and TRUNCATE on
 * `audit_log` (nothing in entas ever changes an entry: retention keeps the log forever and erasure anonymises the
 * records an entry points at, not the entry, which holds record ids and never identifiers). Signed checkpoints
 * (`audit_checkpoints`: entry count and head hash, HMAC-SHA256 under a key kept outside the database) make cutting
 * the tail or re-hashing the chain detectable even for someone who can disable the trigger. See audit/checkpoint.ts.
 */
export const auditAppendOnlyMigration: Migration = {
  name: '0420-audit-append-only',
  up: (tx) =>
    tx.exec(`
CREATE FUNCTION entas_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION entas_refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION entas_refuse_audit_change();

CREATE TABLE audit_checkpoints (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at           timestamptz NOT NULL,
  head_id      bigint NOT NULL,              -- the last audit_log entry the checkpoint covers
  head_hash    text NOT NULL,                -- that entry's hash
  entry_count  bigint NOT NULL,              -- entries with id <= head_id
  key_id       text NOT NULL,                -- fingerprint of the signing key (not the key)
  mac          text NOT NULL                 -- HMAC-SHA256 of the fields above, hex
);
CREATE INDEX audit_checkpoints_head_idx ON audit_checkpoints (head_id);

CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION entas_refuse_audit_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION entas_refuse_audit_change();
`),
};
