import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../testing/test-database.js';
import { useTestApp } from './test-app.js';
import type { Fixture } from './test-fixtures.js';

const PASSWORD = 'Perahu-Layar-Mangga-Kuning-8';

describe.each(testEngines())('user management: separation of duties on %s', (kind) => {
  const ctx = useTestApp(kind);
  let app: FastifyInstance;
  let fx: Fixture;
  let admin: string;

  beforeAll(async () => {
    fx = ctx.fx;
    app = ctx.app;
    admin = await ctx.token('admin', {}, 'sod-admin');
  });

  const create = (payload: object) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: { password: PASSWORD, ...payload },
      headers: { authorization: `Bearer ${admin}` },
    });
  const userCount = async () =>
    Number(
      (
        await ctx.database.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it.each([
    [
      'kemensos_officer',
      {},
      ['pii:read', 'imports:write', 'linkage:review', 'policies:read', 'consent:manage'],
    ],
    ['pendamping', { regions: ['53.01'] }, ['pii:read', 'consent:manage']],
    ['bptaskin_analyst', {}, ['linkage:review', 'policies:read', 'policies:write']],
  ] as const)(
    'an administrator cannot create a %s (403 naming the permissions it lacks), nothing written',
    async (role, scope, missing) => {
      const before = await userCount();
      const res = await create({ username: `sod-${role.replace('_', '-')}`, role, ...scope });
      expect(res.statusCode).toBe(403);
      const error = res.json<{ error: { code: string; message: string } }>().error;
      expect(error.code).toBe('forbidden');
      for (const permission of missing) expect(error.message).toContain(permission);
      expect(await userCount()).toBe(before);
    },
  );

  it('the check holds for a cooperative role too, before the cooperative is looked up', async () => {
    const res = await create({
      username: 'sod-coop',
      role: 'coop_officer',
      cooperative_id: fx.alfa.cooperativeId,
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('pii:read');
  });

  it('roles within the administrator’s own permissions can still be created', async () => {
    const auditor = await create({ username: 'sod-auditor', role: 'auditor' });
    expect(auditor.statusCode).toBe(201);
    const second = await create({ username: 'sod-admin-two', role: 'admin' });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ user: { role: 'admin' } });
  });
});
