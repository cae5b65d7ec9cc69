import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../audit-log.js';
import * as audit from '../audit-log.js';

const entry: audit.AuditEntryInput = {
  actor: 'admin',
  action: 'household.read',
  subjectType: 'household',
  subjectId: 21,
  regionCode: '53.01.01.2001',
  purpose: 'verification',
  origin: 'api',
  details: {},
};
/** The lock, then a head whose newest checkpoint is recent (so no checkpoint is due), then the inserted ids. */
const head = () => [[], [{ hash: null, at: new Date(), head_id: 0, entry_count: 0 }], [{ id: 1 }, { id: 2 }]];
const key = { mac: Buffer.alloc(32), id: 'sample' };

export const auditLogQueries: RepositoryQueries = {
  repository: 'src/audit/audit-log.ts',
  module,
  queries: {
    appendAudit: (r) => {
      r.answer(...head());
      return audit.appendAudit(r.tx, entry);
    },
    appendAuditBatch: (r) => {
      r.answer(...head());
      return audit.appendAuditBatch(r.tx, [entry, { ...entry, subjectId: 22 }]);
    },
    appendAuditBatchAfter: (r) => {
      r.answer([{ id: 2 }, { id: 3 }]);
      return audit.appendAuditBatchAfter(
        r.db,
        { id: 1, hash: audit.GENESIS_HASH, last: { at: new Date(), head_id: 1, entry_count: 1 } },
        [entry, { ...entry, subjectId: 22 }],
      );
    },
    checkpointAuditLog: (r) => audit.checkpointAuditLog(r.tx),
    verifyAuditChain: (r) => audit.verifyAuditChain(r.db, { pageSize: 5000, key }),
  },
  notQueries: {
    hashedFields: 'pure: the fields of a row that its hash covers',
    chainHash: 'pure: sha256 of the previous hash and the fields',
    canonicalJson: 'pure: JSON with sorted keys',
  },
};
