import crypto from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Tx } from '../db/database.js';
import type { DB } from '../db/schema.js';
import type { AuditLogTable } from '../db/tables/core.js';
import {
  checkpointDue,
  checkpointIfDue,
  checkpointKey,
  checkpointSignatureValid,
  toLastCheckpoint,
  writeCheckpoint,
  type CheckpointFields,
  type CheckpointKey,
  type LastCheckpoint,
} from './audit-checkpoint.js';

/**
 * The append-only audit log. Each entry is chained to the previous one: hash = sha256(prev_hash + canonical
 * JSON of the entry), so editing or deleting any entry breaks every hash after it (`verifyAuditChain`). The
 * database refuses UPDATE/DELETE/TRUNCATE (migration 0420) and signed checkpoints (audit-checkpoint.ts) catch
 * a cut tail or a recomputed chain.
 */
export interface AuditEntryInput {
  actor: string;
  action: string;
  subjectType?: string | null;
  subjectId?: string | number | null;
  regionCode?: string | null;
  purpose?: string | null;
  origin?: string | null;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);
/** Serialises appends so two transactions never chain to the same predecessor. */
const AUDIT_LOCK_KEY = 727_402;

interface HashedFields {
  at: string;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  region_code: string | null;
  purpose: string | null;
  origin: string | null;
  details: Record<string, unknown>;
}

/** Appends one entry inside the caller's transaction (so it commits or rolls back with the change it records). */
export async function appendAudit(tx: Tx, entry: AuditEntryInput): Promise<{ id: number; hash: string }> {
  const head = await lockChainHead(tx);
  const [row] = chainRows(head.hash, [entry]);
  const inserted = await tx.db.insertInto('audit_log').values(row!).returning('id').executeTakeFirstOrThrow();
  await checkpointIfDue(tx, inserted.id, row!.hash, new Date(), head);
  return { id: inserted.id, hash: row!.hash };
}

/** The chain's head as the writer that appended it last knows it: enough to append the next batch blind. */
export interface KnownHead {
  id: number;
  hash: string;
  last: LastCheckpoint | undefined;
}

/**
 * Appends several entries in one go: one lock, one read of the chain's head, one multi-row INSERT. Same chain
 * as appending them one by one (verifyAuditChain cannot tell the difference). Returns the new head.
 */
export async function appendAuditBatch(
  tx: Tx,
  entries: readonly AuditEntryInput[],
): Promise<KnownHead | undefined> {
  if (entries.length === 0) return undefined;
  const head = await lockChainHead(tx);
  const rows = chainRows(head.hash, entries);
  const inserted = await tx.db.insertInto('audit_log').values(rows).returning('id').execute();
  const id = Math.max(...inserted.map((r) => r.id));
  const hash = rows[rows.length - 1]!.hash;
  const last = await checkpointIfDue(tx, id, hash, new Date(), head);
  return { id, hash, last };
}

/**
 * Appends a batch after the head its writer remembers, in ONE auto-committed statement (one round trip instead of
 * five for BEGIN, lock, head, INSERT, COMMIT). The statement takes the append lock itself, so a locked append
 * elsewhere never interleaves with it, and the unique index on prev_hash (migration 0432) refuses it when
 * anything was appended since: then nothing is written and the result is undefined (append with
 * appendAuditBatch). Also undefined, without trying, when a checkpoint is due (that needs the locked path).
 */
export async function appendAuditBatchAfter(
  db: Kysely<DB>,
  head: KnownHead,
  entries: readonly AuditEntryInput[],
): Promise<KnownHead | undefined> {
  if (entries.length === 0) return head;
  const now = new Date();
  // Ids may have gaps, so the real head can only be further on: a due checkpoint is at worst one batch late.
  if (checkpointDue(head.last, head.id + entries.length, now)) return undefined;
  const rows = chainRows(head.hash, entries);
  const values = rows.map(
    (r) =>
      sql`(${r.at}::timestamptz, ${r.actor}, ${r.action}, ${r.subject_type}, ${r.subject_id}, ${r.region_code},
           ${r.purpose}, ${r.origin}, ${r.details}::jsonb, ${r.prev_hash}, ${r.hash})`,
  );
  try {
    const { rows: inserted } = await sql<{ id: number }>`
      WITH append_lock AS (SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY}))
      INSERT INTO audit_log (at, actor, action, subject_type, subject_id, region_code, purpose, origin, details,
                             prev_hash, hash)
      SELECT v.* FROM (VALUES ${sql.join(values)})
        AS v (at, actor, action, subject_type, subject_id, region_code, purpose, origin, details, prev_hash, hash)
        CROSS JOIN append_lock
      RETURNING id`.execute(db);
    return {
      id: Math.max(...inserted.map((r) => Number(r.id))),
      hash: rows[rows.length - 1]!.hash,
      last: head.last,
    };
  } catch (error) {
    if (isPredecessorTaken(error)) return undefined;
    throw error;
  }
}

/** The unique prev_hash index refused an append: another writer chained to that head first. */
function isPredecessorTaken(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === '23505' &&
    error.message.includes('audit_log_prev_hash_key')
  );
}

/** Signs a checkpoint of the current head now (`entas audit checkpoint`); undefined when the log is empty. */
export function checkpointAuditLog(tx: Tx): Promise<CheckpointFields | undefined> {
  return writeCheckpoint(tx, AUDIT_LOCK_KEY);
}

/**
 * Takes the append lock, then reads the hash the next entry chains to and the newest checkpoint in one statement
 * (after the lock, so both are what the previous holder committed).
 */
async function lockChainHead(tx: Tx): Promise<{ hash: string; last: LastCheckpoint | undefined }> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(tx.db);
  const { rows } = await sql<{
    hash: string | null;
    at: Date | string | null;
    head_id: number | null;
    entry_count: number | null;
  }>`SELECT (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS hash, c.at, c.head_id, c.entry_count
     FROM (SELECT 1) AS one
     LEFT JOIN (SELECT at, head_id, entry_count FROM audit_checkpoints ORDER BY id DESC LIMIT 1) AS c ON true`.execute(
    tx.db,
  );
  const row = rows[0]!;
  return {
    hash: row.hash ?? GENESIS_HASH,
    last: toLastCheckpoint(
      row.at === null
        ? undefined
        : { at: row.at, head_id: Number(row.head_id), entry_count: Number(row.entry_count) },
    ),
  };
}

/** The rows for `entries`, each chained to the one before, the first to `prevHash`; all stamped now. */
function chainRows(prevHash: string, entries: readonly AuditEntryInput[]) {
  const at = new Date().toISOString();
  return entries.map((entry) => {
    const fields: HashedFields = {
      at,
      actor: entry.actor,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId === undefined || entry.subjectId === null ? null : String(entry.subjectId),
      region_code: entry.regionCode ?? null,
      purpose: entry.purpose ?? null,
      origin: entry.origin ?? null,
      details: entry.details ?? {},
    };
    const hash = chainHash(prevHash, fields);
    const row = { ...fields, details: JSON.stringify(fields.details), prev_hash: prevHash, hash };
    prevHash = hash;
    return row;
  });
}

/** The fields of a stored entry that its hash covers. */
export function hashedFields(row: Selectable<AuditLogTable>): HashedFields {
  return {
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    region_code: row.region_code,
    purpose: row.purpose,
    origin: row.origin,
    details: row.details,
  };
}

export function chainHash(prevHash: string, fields: HashedFields): string {
  return crypto.createHash('sha256').update(prevHash).update(canonicalJson(fields)).digest('hex');
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order, the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** Signed checkpoints found (each checked against the chain). */
  checkpoints: number;
  /** Entries after the newest checkpoint: not yet covered by a signature. */
  unsigned_entries: number;
  first_broken?: { id: number; reason: string };
}

interface CheckpointRow extends CheckpointFields {
  id: number;
  key_id: string;
  mac: string;
}

/**
 * Recomputes the whole chain in id order, page by page (memory stays bounded however long the log is), and
 * checks every signed checkpoint: its signature, and that the entry it names exists with the hash and the entry
 * count it recorded. A re-hashed chain no longer matches a checkpoint's head hash; a cut tail leaves a checkpoint
 * pointing past the end.
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  options: { pageSize?: number; key?: CheckpointKey } = {},
): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 5000;
  const key = options.key ?? checkpointKey();
  const checkpoints: CheckpointRow[] = (
    await db.selectFrom('audit_checkpoints').selectAll().orderBy('head_id').orderBy('id').execute()
  ).map((c) => ({ ...c, at: new Date(c.at).toISOString() }));
  const result = (entries: number, lastCovered: number, broken?: { id: number; reason: string }) => ({
    ok: !broken,
    entries,
    checkpoints: checkpoints.length,
    unsigned_entries: entries - lastCovered,
    ...(broken ? { first_broken: broken } : {}),
  });
  for (const c of checkpoints) {
    const reason =
      c.key_id !== key.id
        ? `checkpoint ${c.id} is signed with another key (${c.key_id}); is ENTAS_SECRET_KEY this instance's key?`
        : !checkpointSignatureValid(key, c, c.mac)
          ? `checkpoint ${c.id} has an invalid signature (checkpoint forged or altered)`
          : undefined;
    if (reason) return result(0, 0, { id: c.head_id, reason });
  }
  let next = 0; // the next checkpoint to meet, in head_id order
  let covered = 0; // entries covered by the last checkpoint met
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      entries++;
      const missing = checkpoints[next];
      if (missing && missing.head_id < row.id) {
        return result(entries, covered, {
          id: missing.head_id,
          reason: `entry ${missing.head_id}, signed by checkpoint ${missing.id}, is missing (entries removed)`,
        });
      }
      if (row.prev_hash !== prevHash) {
        return result(entries, covered, {
          id: row.id,
          reason: 'prev_hash does not match the previous entry (entry removed or reordered)',
        });
      }
      const expected = chainHash(prevHash, hashedFields(row));
      if (expected !== row.hash) {
        return result(entries, covered, {
          id: row.id,
          reason: 'content does not match its hash (entry altered)',
        });
      }
      for (; checkpoints[next]?.head_id === row.id; next++) {
        const c = checkpoints[next]!;
        if (c.head_hash !== row.hash || c.entry_count !== entries) {
          return result(entries, covered, {
            id: row.id,
            reason:
              `checkpoint ${c.id} signed ${c.entry_count} entries ending in hash ${c.head_hash.slice(0, 12)}…, ` +
              `the log has ${entries} ending in ${row.hash.slice(0, 12)}… (entries rewritten and re-hashed, or removed)`,
          });
        }
        covered = entries;
      }
      prevHash = row.hash;
      lastId = row.id;
    }
  }
  const beyond = checkpoints[next];
  if (beyond) {
    return result(entries, covered, {
      id: beyond.head_id,
      reason:
        `the log ends after ${entries} entries but checkpoint ${beyond.id} signed ${beyond.entry_count} ` +
        `up to entry ${beyond.head_id} (entries removed from the end)`,
    });
  }
  return result(entries, covered);
}
