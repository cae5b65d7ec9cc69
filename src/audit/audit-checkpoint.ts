import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { serverSecretKey, type SecretKey } from '../shared/secret-key.js';

/**
 * Signed checkpoints of the audit chain: the entry count and head hash at a moment, with an HMAC-SHA256 under a
 * key derived from the instance secret key (ENTAS_SECRET_KEY or the data folder's key file — never in the
 * database). Someone with write access to the tables can cut the tail or rewrite an entry and recompute every
 * later hash, but cannot sign a matching checkpoint, so `verifyAuditChain` catches both for everything up to the
 * newest checkpoint.
 */
export const CHECKPOINT_POLICY = {
  /** A new checkpoint once the head is this many ids past the last one… */
  everyEntries: 1000,
  /** …or once the last one is this old and entries were added since. */
  everyMs: 5 * 60_000,
} as const;

export interface CheckpointFields {
  at: string;
  head_id: number;
  head_hash: string;
  entry_count: number;
}

export interface CheckpointKey {
  mac: Buffer;
  /** Fingerprint naming the key in each checkpoint (a checkpoint signed under another key is reported as such). */
  id: string;
}

/** The checkpoint key: HKDF from the instance key, so it differs from the key that seals TOTP seeds. */
export function checkpointKey(secret: SecretKey = serverSecretKey()): CheckpointKey {
  const mac = Buffer.from(
    crypto.hkdfSync('sha256', secret.key, Buffer.alloc(0), 'entas audit checkpoint v1', 32),
  );
  return { mac, id: crypto.createHash('sha256').update(mac).digest('hex').slice(0, 16) };
}

export function signCheckpoint(key: CheckpointKey, fields: CheckpointFields): string {
  return crypto
    .createHmac('sha256', key.mac)
    .update(
      `entas-audit-checkpoint-v1\n${fields.at}\n${fields.head_id}\n${fields.head_hash}\n${fields.entry_count}`,
    )
    .digest('hex');
}

export function checkpointSignatureValid(key: CheckpointKey, fields: CheckpointFields, mac: string): boolean {
  const expected = Buffer.from(signCheckpoint(key, fields), 'hex');
  const given = Buffer.from(mac, 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export interface LastCheckpoint {
  at: Date;
  head_id: number;
  entry_count: number;
}

export function toLastCheckpoint(
  row: { at: Date | string; head_id: number; entry_count: number } | undefined,
): LastCheckpoint | undefined {
  return row ? { at: new Date(row.at), head_id: row.head_id, entry_count: row.entry_count } : undefined;
}

async function lastCheckpoint(tx: Tx): Promise<LastCheckpoint | undefined> {
  const row = await tx.db
    .selectFrom('audit_checkpoints')
    .select(['at', 'head_id', 'entry_count'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return toLastCheckpoint(row);
}

/**
 * Called under the append lock after entries up to (headId, headHash) were inserted: writes a checkpoint when
 * the policy says one is due (cheap otherwise: one indexed read, or none when the caller passes `known`).
 */
export async function checkpointIfDue(
  tx: Tx,
  headId: number,
  headHash: string,
  now = new Date(),
  /** The newest checkpoint when the caller read it under the same lock (saves a round trip); else read here. */
  known?: { last: LastCheckpoint | undefined },
): Promise<LastCheckpoint | undefined> {
  const last = known ? known.last : await lastCheckpoint(tx);
  if (!checkpointDue(last, headId, now)) return last;
  const written = await insertCheckpoint(tx, last, headId, headHash, now);
  return toLastCheckpoint(written);
}

/** Whether the policy wants a checkpoint once the head is at `headId`. */
export function checkpointDue(last: LastCheckpoint | undefined, headId: number, now: Date): boolean {
  return (
    !last ||
    headId - last.head_id >= CHECKPOINT_POLICY.everyEntries ||
    (headId > last.head_id && now.getTime() - last.at.getTime() >= CHECKPOINT_POLICY.everyMs)
  );
}

/** Writes a checkpoint of the current head now (e.g. `entas audit checkpoint`), under the append lock. */
export async function writeCheckpoint(tx: Tx, lockKey: number): Promise<CheckpointFields | undefined> {
  await sql`SELECT pg_advisory_xact_lock(${lockKey})`.execute(tx.db);
  const head = await tx.db
    .selectFrom('audit_log')
    .select(['id', 'hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!head) return undefined;
  return insertCheckpoint(tx, await lastCheckpoint(tx), head.id, head.hash, new Date());
}

async function insertCheckpoint(
  tx: Tx,
  last: LastCheckpoint | undefined,
  headId: number,
  headHash: string,
  now: Date,
): Promise<CheckpointFields> {
  // Ids have gaps (rolled-back appends), so count the entries since the last checkpoint.
  const since = await tx.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', '>', last?.head_id ?? 0)
    .where('id', '<=', headId)
    .executeTakeFirstOrThrow();
  const fields: CheckpointFields = {
    at: now.toISOString(),
    head_id: headId,
    head_hash: headHash,
    entry_count: (last?.entry_count ?? 0) + Number(since.n),
  };
  const key = checkpointKey();
  await tx.db
    .insertInto('audit_checkpoints')
    .values({ ...fields, key_id: key.id, mac: signCheckpoint(key, fields) })
    .execute();
  return fields;
}
