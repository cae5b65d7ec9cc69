import type { Migration } from '../migration.js';

/**
 * No two audit entries chain to the same predecessor. The chain was linear because every append took the append
 * lock and read the head; the audit writer now appends a batch in one statement after the head it remembers
 * (audit/audit-log.ts appendAuditBatchAfter), and this index is what refuses that statement when another writer
 * appended in between, instead of letting the chain fork.
 */
export const auditChainUniquePredecessorMigration: Migration = {
  name: '0432-audit-chain-unique-predecessor',
  up: (tx) => tx.exec(`CREATE UNIQUE INDEX audit_log_prev_hash_key ON audit_log (prev_hash);`),
};
