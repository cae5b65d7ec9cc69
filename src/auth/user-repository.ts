import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Role } from '../shared/roles.js';

export interface UserRecord {
  id: number;
  username: string;
  role: Role;
  regionCodes: string[];
  cooperativeId: number | null;
  hasTotp: boolean;
  disabled: boolean;
  createdAt: Date;
}

const columns = [
  'id',
  'username',
  'role',
  'region_codes',
  'cooperative_id',
  'totp_secret',
  'disabled_at',
  'created_at',
] as const;

type Row = {
  id: number;
  username: string;
  role: string;
  region_codes: string[];
  cooperative_id: number | null;
  totp_secret: string | null;
  disabled_at: Date | null;
  created_at: Date;
};

export const toUserRecord = (r: Row): UserRecord => ({
  id: r.id,
  username: r.username,
  role: r.role as Role,
  regionCodes: r.region_codes,
  cooperativeId: r.cooperative_id,
  hasTotp: r.totp_secret !== null,
  disabled: r.disabled_at !== null,
  createdAt: r.created_at,
});

/** All SQL on users and their tokens. No authorisation here: callers are the auth service and the access layer. */
export class UserRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(values: {
    username: string;
    passwordHash: string;
    role: Role;
    regionCodes: string[];
    cooperativeId: number | null;
    totpSecret: string | null;
    createdBy: string;
  }): Promise<UserRecord> {
    const row = await this.db
      .insertInto('users')
      .values({
        username: values.username,
        password_hash: values.passwordHash,
        role: values.role,
        region_codes: values.regionCodes,
        cooperative_id: values.cooperativeId,
        totp_secret: values.totpSecret,
        created_by: values.createdBy,
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
    return toUserRecord(row);
  }

  /** Whether a cooperative exists (a coop_officer's scope must name one). */
  async cooperativeExists(cooperativeId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('cooperatives')
      .select('id')
      .where('id', '=', cooperativeId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async findByUsername(username: string) {
    return this.db
      .selectFrom('users')
      .select([...columns, 'password_hash', 'totp_last_step'])
      .where('username', '=', username)
      .executeTakeFirst();
  }

  async list(): Promise<UserRecord[]> {
    return (await this.db.selectFrom('users').select(columns).orderBy('id').execute()).map(toUserRecord);
  }

  async find(id: number): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirst();
    return row ? toUserRecord(row) : undefined;
  }

  /** Records `step` as the user's last TOTP step unless a code of that step or a later one was already used. */
  async claimTotpStep(id: number, step: number): Promise<boolean> {
    const updated = await this.db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  async disable(username: string): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ disabled_at: sql`now()`, updated_at: sql`now()` })
      .where('username', '=', username)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await this.db
      .updateTable('auth_tokens')
      .set({ revoked_at: sql`now()` })
      .where('revoked_at', 'is', null)
      .where('user_id', 'in', this.db.selectFrom('users').select('id').where('username', '=', username))
      .execute();
    return true;
  }

  async insertToken(values: {
    userId: number;
    kind: 'session' | 'api';
    name: string | null;
    tokenHash: string;
    expiresAt: Date | null;
  }): Promise<{ id: number; createdAt: Date }> {
    const row = await this.db
      .insertInto('auth_tokens')
      .values({
        user_id: values.userId,
        kind: values.kind,
        name: values.name,
        token_hash: values.tokenHash,
        expires_at: values.expiresAt,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    return { id: row.id, createdAt: row.created_at };
  }

  /** The live token with its user (not revoked, not expired, user not disabled). */
  async findLiveToken(hash: string) {
    return this.db
      .selectFrom('auth_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select([
        't.id as token_id',
        't.kind',
        't.last_used_at',
        't.expires_at',
        'u.id',
        'u.username',
        'u.role',
        'u.region_codes',
        'u.cooperative_id',
      ])
      .where('t.token_hash', '=', hash)
      .where('t.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', sql<Date>`now()`)]))
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
  }

  async touchToken(id: number): Promise<void> {
    await this.db
      .updateTable('auth_tokens')
      .set({ last_used_at: sql`now()` })
      .where('id', '=', id)
      .execute();
  }

  async revokeTokenByHash(hash: string): Promise<void> {
    await this.db
      .updateTable('auth_tokens')
      .set({ revoked_at: sql`now()` })
      .where('token_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeToken(id: number): Promise<boolean> {
    const result = await this.db
      .updateTable('auth_tokens')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async listTokens(userId?: number) {
    let query = this.db
      .selectFrom('auth_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select([
        't.id',
        'u.username',
        't.kind',
        't.name',
        't.created_at',
        't.expires_at',
        't.last_used_at',
        't.revoked_at',
      ])
      .where('t.kind', '=', 'api')
      .orderBy('t.id');
    if (userId !== undefined) query = query.where('t.user_id', '=', userId);
    return query.execute();
  }
}
