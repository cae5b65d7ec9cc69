import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../db/database.js';
import type { DB } from '../db/schema.js';

/**
 * The append-only audit log. Each entry is chained to the previous one: hash = sha256(prev_hash + canonical
 * JSON of the entry), so editing or deleting any entry breaks every hash after it (`verifyAuditChain`).
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
  const [row] = chainRows(await lockChainHead(tx), [entry]);
  const inserted = await tx.db.insertInto('audit_log').values(row!).returning('id').executeTakeFirstOrThrow();
  return { id: inserted.id, hash: row!.hash };
}

/**
 * Appends several entries in one go: one lock, one read of the chain's head, one multi-row INSERT. Same chain
 * as appending them one by one (verifyAuditChain cannot tell the difference).
 */
export async function appendAuditBatch(tx: Tx, entries: readonly AuditEntryInput[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.db
    .insertInto('audit_log')
    .values(chainRows(await lockChainHead(tx), entries))
    .execute();
}

/** Takes the append lock and returns the hash the next entry chains to. */
async function lockChainHead(tx: Tx): Promise<string> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(tx.db);
  const last = await tx.db
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.hash ?? GENESIS_HASH;
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
  first_broken?: { id: number; reason: string };
}

/** Recomputes the whole chain in id order, page by page (memory stays bounded however long the log is). */
export async function verifyAuditChain(db: Kysely<DB>, pageSize = 5000): Promise<AuditVerification> {
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
    if (rows.length === 0) return { ok: true, entries };
    for (const row of rows) {
      entries++;
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          entries,
          first_broken: {
            id: row.id,
            reason: 'prev_hash does not match the previous entry (entry removed or reordered)',
          },
        };
      }
      const expected = chainHash(prevHash, {
        at: row.at.toISOString(),
        actor: row.actor,
        action: row.action,
        subject_type: row.subject_type,
        subject_id: row.subject_id,
        region_code: row.region_code,
        purpose: row.purpose,
        origin: row.origin,
        details: row.details,
      });
      if (expected !== row.hash) {
        return {
          ok: false,
          entries,
          first_broken: { id: row.id, reason: 'content does not match its hash (entry altered)' },
        };
      }
      prevHash = row.hash;
      lastId = row.id;
    }
  }
}
