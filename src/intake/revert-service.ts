import { auditChange, type AuditActor } from '../audit/access-audit.js';
import { sequentialShardWrites } from '../db/citus.js';
import type { Database, Tx } from '../db/database.js';
import { say, UserError } from '../shared/errors.js';
import { revertBansos } from './storage/bansos-store.js';
import { lockBatchForRevert, markReverted } from './storage/batch-repository.js';
import { revertCooperatives } from './storage/cooperatives-store.js';
import { revertDtsen } from './storage/dtsen-store.js';
import { revertFieldVerification } from './storage/field-verification-store.js';
import { revertMembers } from './storage/members-store.js';
import { revertOfficers } from './storage/officers-store.js';
import type { RevertChanges } from './storage/revert-changes.js';

export interface RevertResult {
  batch_id: number;
  source: string;
  status: 'reverted';
  changes: RevertChanges;
}

const REVERTERS: Record<string, (tx: Tx, batchId: number) => Promise<RevertChanges>> = {
  dtsen: revertDtsen,
  bansos: revertBansos,
  cooperatives: revertCooperatives,
  members: revertMembers,
  officers: revertOfficers,
  field_verification: revertFieldVerification,
};

/**
 * Removes what a batch added and restores what it updated, in one transaction with an audit entry. The batch
 * row stays (marked reverted) as provenance; the same file may then be imported again.
 */
export async function revertBatch(
  database: Database,
  batchId: number,
  actor: AuditActor,
  reason?: string,
): Promise<RevertResult> {
  return database.transaction(async (tx) => {
    await sequentialShardWrites(tx); // the batch row is marked after its rows go (Citus)
    const batch = await lockBatchForRevert(tx, batchId);
    if (batch.reverted_at) {
      const on = batch.reverted_at.toISOString();
      throw new UserError(
        say(
          `batch ${batchId} was already reverted on ${on} by ${batch.reverted_by ?? 'unknown'}`,
          `batch ${batchId} sudah dibatalkan pada ${on} oleh ${batch.reverted_by ?? 'tidak diketahui'}`,
        ),
        'already_reverted',
      );
    }
    const revert = REVERTERS[batch.source];
    if (!revert)
      throw new UserError(
        say(
          `batch ${batchId} (source ${batch.source}) was not made by an import`,
          `batch ${batchId} (sumber ${batch.source}) tidak dibuat oleh impor`,
        ),
      );
    const changes = await revert(tx, batchId);
    await markReverted(tx, batchId, actor.username);
    // The reason given for the revert is the entry's purpose.
    await auditChange(
      tx,
      { ...actor, purpose: reason ?? null },
      {
        action: 'batch.revert',
        subjectType: 'source_batch',
        subjectId: batchId,
        details: {
          source: batch.source,
          file_name: batch.file_name,
          content_hash: batch.content_hash,
          changes,
        },
      },
    );
    return { batch_id: batchId, source: batch.source, status: 'reverted', changes };
  });
}
