import type { FastifyInstance } from 'fastify';
import { localActor } from '../audit/access-audit.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit-log.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { currentTotp } from '../auth/totp.js';
import { createUser } from '../auth/user-service.js';
import { testEngines } from '../testing/test-database.js';
import { buildApp } from './app.js';
import { useTestApp } from './test-app.js';
import { FIXTURE_PASSWORD, type Fixture } from './test-fixtures.js';

describe.each(testEngines())('sign-in, tokens and identifier masking on %s', (kind) => {
  const ctx = useTestApp(kind, { app: { loginRateLimit: { max: 1000, timeWindow: '1 minute' } } });
  let app: FastifyInstance;
  let fx: Fixture;

  beforeAll(() => {
    fx = ctx.fx;
    app = ctx.app;
  });

  const login = (body: object) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body });
  const bearer = (token: string, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    ...extra,
  });

  it('login returns a token and an HTTP-only, Secure, SameSite=Strict cookie; both authenticate; logout revokes', async () => {
    await createUser(
      ctx.database,
      { username: 'Dewi', password: FIXTURE_PASSWORD, role: 'kemensos_officer' },
      localActor('test'),
    );
    const res = await login({ username: 'dewi', password: FIXTURE_PASSWORD });
    expect(res.statusCode).toBe(200);
    const { token, role } = res.json<{ token: string; role: string }>();
    expect(role).toBe('kemensos_officer');
    expect(token).toMatch(/^entas_s_[A-Za-z0-9_-]{43}$/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`entas_session=${token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const stored = await ctx.database.db.selectFrom('auth_tokens').select('token_hash').execute();
    expect(stored.every((t) => t.token_hash !== token && /^[0-9a-f]{64}$/.test(t.token_hash))).toBe(true);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).json()).toMatchObject({
      username: 'dewi',
      scope: { kind: 'national' },
    });
    const viaCookie = await app.inject({ url: '/api/v1/auth/me', cookies: { entas_session: token } });
    expect(viaCookie.statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) })).statusCode,
    ).toBe(204);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  const loginFrom = (address: string, body: object) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body, remoteAddress: address });

  it('wrong password, unknown and disabled users get one identical 401; failures slow that client, not the owner', async () => {
    await createUser(
      ctx.database,
      { username: 'eko', password: FIXTURE_PASSWORD, role: 'bptaskin_analyst' },
      localActor('test'),
    );
    const attacker = '203.0.113.7';
    const home = '198.51.100.20';
    // The owner has signed in from home before (the account-wide counter spares known addresses).
    expect((await loginFrom(home, { username: 'eko', password: FIXTURE_PASSWORD })).statusCode).toBe(200);
    const wrong = await loginFrom(attacker, { username: 'eko', password: 'nope-nope-nope' });
    const unknown = await loginFrom(attacker, { username: 'nobody', password: 'nope-nope-nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json()).toMatchObject({ error: { code: 'bad_credentials' } });
    for (let i = 0; i < 4; i++) {
      await loginFrom(attacker, { username: 'eko', password: 'still-wrong-123' });
      await loginFrom(attacker, { username: 'nobody', password: 'still-wrong-123' });
    }
    const counted = await ctx.database.db
      .selectFrom('login_throttle')
      .select(['key', 'failures'])
      .where('key', 'in', [`pair:eko@${attacker}`, `pair:nobody@${attacker}`])
      .orderBy('key')
      .execute();
    expect(counted).toEqual([
      { key: `pair:eko@${attacker}`, failures: 5 },
      { key: `pair:nobody@${attacker}`, failures: 5 },
    ]);
    // Five more failures each (recorded directly: the first waits are a second or two, too short for a test on a
    // loaded machine) make this client wait 32 s on either name, and it cannot tell them apart.
    const throttle = new LoginThrottle(ctx.database.db);
    for (let i = 0; i < 5; i++) {
      await throttle.recordFailure('eko', attacker);
      await throttle.recordFailure('nobody', attacker);
    }
    const throttledReal = await loginFrom(attacker, { username: 'eko', password: FIXTURE_PASSWORD });
    const throttledUnknown = await loginFrom(attacker, { username: 'nobody', password: FIXTURE_PASSWORD });
    expect(throttledReal.statusCode).toBe(401);
    expect(throttledReal.json()).toEqual(wrong.json());
    expect(throttledUnknown.json()).toEqual(wrong.json());
    expect(Number(throttledReal.headers['retry-after'])).toBeGreaterThan(20);
    expect(Number(throttledUnknown.headers['retry-after'])).toBeGreaterThan(20);
    // No lock-out switch: the owner, from their own address, signs in.
    expect((await loginFrom(home, { username: 'eko', password: FIXTURE_PASSWORD })).statusCode).toBe(200);
    const reasons = await ctx.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'auth.login_failed')
      .where('actor', '=', 'eko')
      .execute();
    expect(reasons.map((r) => r.details.reason)).toEqual([...Array<string>(5).fill('password'), 'throttled']);
  });

  it("many addresses guessing one account slow it down for new addresses, never for the owner's known one", async () => {
    await createUser(
      ctx.database,
      { username: 'fitri', password: FIXTURE_PASSWORD, role: 'bptaskin_analyst' },
      localActor('test'),
    );
    const home = '198.51.100.30';
    expect((await loginFrom(home, { username: 'fitri', password: FIXTURE_PASSWORD })).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) {
      await loginFrom(`203.0.113.${100 + i}`, { username: 'fitri', password: 'botnet-guess-123' });
    }
    const account = await ctx.database.db
      .selectFrom('login_throttle')
      .select('failures')
      .where('key', '=', 'user:fitri')
      .executeTakeFirstOrThrow();
    expect(account.failures).toBe(10);
    // Five more from other addresses (recorded directly, for a wait longer than a slow test's step): 32 s.
    const throttle = new LoginThrottle(ctx.database.db);
    for (let i = 0; i < 5; i++) await throttle.recordFailure('fitri', `203.0.113.${150 + i}`);
    const fresh = await loginFrom('203.0.113.200', { username: 'fitri', password: FIXTURE_PASSWORD });
    expect(fresh.statusCode).toBe(401);
    expect(Number(fresh.headers['retry-after'])).toBeGreaterThan(20);
    expect((await loginFrom(home, { username: 'fitri', password: FIXTURE_PASSWORD })).statusCode).toBe(200);
  });

  it('admins need both factors; a failure never says which one was wrong; a code works once', async () => {
    const { totp } = await createUser(
      ctx.database,
      { username: 'root', password: FIXTURE_PASSWORD, role: 'admin' },
      localActor('test'),
    );
    expect(totp?.uri).toMatch(/^otpauth:\/\/totp\/entas:root\?secret=/);
    const address = '192.0.2.50';
    const code = await currentTotp(totp!.secret);
    const wrongPassword = await loginFrom(address, {
      username: 'root',
      password: 'not-the-password',
      totp: code,
    });
    const noCode = await loginFrom(address, { username: 'root', password: FIXTURE_PASSWORD });
    const wrongCode = await loginFrom(address, {
      username: 'root',
      password: FIXTURE_PASSWORD,
      totp: '000000',
    });
    for (const res of [noCode, wrongCode]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual(wrongPassword.json());
    }
    const ok = await loginFrom(address, { username: 'root', password: FIXTURE_PASSWORD, totp: code });
    expect(ok.statusCode).toBe(200);
    const replay = await loginFrom(address, { username: 'root', password: FIXTURE_PASSWORD, totp: code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toEqual(wrongPassword.json());
    const reasons = await ctx.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'auth.login_failed')
      .where('actor', '=', 'root')
      .orderBy('id')
      .execute();
    expect(reasons.map((r) => r.details.reason)).toEqual(['password', 'totp_missing', 'totp', 'totp']);
  });

  it('login is rate limited per client address', async () => {
    const limited = await buildApp({
      database: ctx.database,
      loginRateLimit: { max: 2, timeWindow: '1 minute' },
    });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) {
        codes.push(
          (
            await limited.inject({
              method: 'POST',
              url: '/api/v1/auth/login',
              payload: { username: 'x', password: 'y' },
            })
          ).statusCode,
        );
      }
      expect(codes).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  it('NIK/KK are masked without pii:read or without a purpose; full with both, and that read is audited', async () => {
    const officer = await ctx.user('pemda_officer', { regions: [fx.alfa.regency] }, 'pemda-a');
    const analyst = await ctx.user('bptaskin_analyst', {}, 'analyst-a');
    const url = `/api/v1/households/${fx.alfa.householdId}`;
    const masked = (await app.inject({ url, headers: bearer(officer.token) })).json<{
      kk: string;
      members: { nik: string }[];
    }>();
    expect(masked.kk).toBe(fx.alfa.kk.slice(0, 4) + '********' + fx.alfa.kk.slice(-4));
    expect(masked.members[0]!.nik).toBe(fx.alfa.nik.slice(0, 4) + '********' + fx.alfa.nik.slice(-4));
    const purpose = 'verifikasi lapangan PKH';
    const full = (await app.inject({ url, headers: bearer(officer.token, { 'x-purpose': purpose }) })).json<{
      kk: string;
      members: { nik: string }[];
    }>();
    expect(full.kk).toBe(fx.alfa.kk);
    expect(full.members[0]!.nik).toBe(fx.alfa.nik);
    const analystView = (
      await app.inject({ url, headers: bearer(analyst.token, { 'x-purpose': purpose }) })
    ).json<{ members: { nik: string }[] }>();
    expect(analystView.members[0]!.nik).toContain('********');
    const entry = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('actor', '=', 'pemda-a')
      .where('action', '=', 'household.read')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      purpose,
      subject_id: String(fx.alfa.householdId),
      region_code: fx.alfa.village,
    });
    expect(entry.details).toMatchObject({ identifiers_revealed: true, role: 'pemda_officer' });
    expect(entry.origin).toBe('127.0.0.1');
    // NIK search needs the same conditions.
    const search = await app.inject({
      url: `/api/v1/persons?nik=${fx.alfa.nik}`,
      headers: bearer(officer.token),
    });
    expect(search.json()).toMatchObject({ error: { code: 'purpose_required' } });
    const found = await app.inject({
      url: `/api/v1/persons?nik=${fx.alfa.nik}`,
      headers: bearer(officer.token, { 'x-purpose': purpose }),
    });
    expect(found.json<{ items: { id: number }[] }>().items.map((p) => p.id)).toEqual([fx.alfa.personId]);
    expect(await verifyAuditChain(ctx.database.db)).toMatchObject({ ok: true });
  });

  it('API tokens are revocable and disabled users lose access', async () => {
    const machine = await ctx.user('kemenkop_officer', {}, 'sync-bot');
    expect(
      (await app.inject({ url: '/api/v1/cooperatives', headers: bearer(machine.token) })).statusCode,
    ).toBe(200);
    const row = await ctx.database.db
      .selectFrom('auth_tokens')
      .select('id')
      .where('user_id', '=', machine.userId)
      .executeTakeFirstOrThrow();
    const { revokeApiToken } = await import('../auth/user-service.js');
    await revokeApiToken(ctx.database, row.id, localActor('test'));
    expect(
      (await app.inject({ url: '/api/v1/cooperatives', headers: bearer(machine.token) })).statusCode,
    ).toBe(401);
  });

  it('user creation rejects bad roles, weak passwords and missing scopes with clear messages', async () => {
    const attempt = (input: Parameters<typeof createUser>[1]) =>
      createUser(ctx.database, input, localActor('test'));
    await expect(attempt({ username: 'x1', password: FIXTURE_PASSWORD, role: 'superuser' })).rejects.toThrow(
      /unknown role "superuser"/,
    );
    await expect(attempt({ username: 'x2', password: 'short', role: 'auditor' })).rejects.toThrow(
      /at least 12/,
    );
    for (const common of [
      'password1234',
      'Password1234!',
      'qwertyuiop123',
      'bismillah123456',
      'indonesiaraya123',
    ]) {
      await expect(attempt({ username: 'x2', password: common, role: 'auditor' })).rejects.toThrow(
        /too easy to guess/,
      );
    }
    await expect(
      attempt({ username: 'budi.santoso', password: 'Santoso-Kelapa-Biru-71', role: 'auditor' }),
    ).rejects.toMatchObject({ code: 'weak_password', message: 'password must not contain the user name' });
    await expect(
      attempt({ username: 'x3', password: FIXTURE_PASSWORD, role: 'pemda_officer' }),
    ).rejects.toThrow(/needs at least one --region/);
    await expect(
      attempt({ username: 'x4', password: FIXTURE_PASSWORD, role: 'coop_officer' }),
    ).rejects.toThrow(/needs --cooperative/);
    await expect(
      attempt({ username: 'x5', password: FIXTURE_PASSWORD, role: 'pendamping', regions: ['99.99'] }),
    ).rejects.toThrow(/unknown region code 99.99/);
    await expect(
      attempt({ username: 'x6', password: FIXTURE_PASSWORD, role: 'pendamping', regions: ['5301'] }),
    ).resolves.toMatchObject({ user: { regionCodes: ['53.01'] } });
    await expect(attempt({ username: 'x6', password: FIXTURE_PASSWORD, role: 'auditor' })).rejects.toThrow(
      /already exists/,
    );
    const stored = await ctx.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', 'x6')
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
