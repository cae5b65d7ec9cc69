import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRef } from '../privacy/record-ref.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { buildApp } from './app.js';
import { buildFixture, tokenFor, type Fixture } from './test-fixtures.js';
import { provinceCode } from '../regions/region-code.js';

interface Listed {
  id: number;
  ref: string;
  kk: string | null;
}

describe.each(testEngines())('record references through the API on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let app: FastifyInstance;
  let fx: Fixture;
  let analyst: string;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    fx = await buildFixture(ctx.database);
    // Two more households in ALFA's village whose No. KK masks to the same text as ALFA's.
    for (const serial of [11, 21]) {
      // Same first and last four digits: the masked form cannot tell them apart.
      const kk = fx.alfa.kk.slice(0, 4) + String(serial).padStart(8, '0') + fx.alfa.kk.slice(12);
      await ctx.database.db
        .insertInto('households')
        .values({
          province_code: provinceCode(fx.alfa.village),
          kk,
          village_code: fx.alfa.village,
          decile: 3,
        })
        .execute();
    }
    app = await buildApp({ database: ctx.database, apiRateLimit: false });
    analyst = (await tokenFor(ctx.database, 'analis-ref', 'bptaskin_analyst', {})).token;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('households whose masked No. KK reads the same are told apart by a stable reference', async () => {
    const res = await app.inject({
      url: `/api/v1/households?region=${fx.alfa.regency}`,
      headers: auth(analyst),
    });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Listed[] }>().items;
    expect(items.length).toBe(3);
    expect(new Set(items.map((h) => h.kk)).size).toBe(1); // masked: all the same
    expect(new Set(items.map((h) => h.ref)).size).toBe(3);
    for (const h of items) {
      expect(h.ref).toBe(recordRef('household', h.id));
      // No digit run of the identifier leaks into the reference.
      expect(h.ref).not.toMatch(/\d{4}/);
    }
    const detail = await app.inject({
      url: `/api/v1/households/${fx.alfa.householdId}`,
      headers: auth(analyst),
    });
    const body = detail.json<{ ref: string; members: Array<{ id: number; ref: string }> }>();
    expect(body.ref).toBe(items.find((h) => h.id === fx.alfa.householdId)!.ref);
    const member = body.members.find((m) => m.id === fx.alfa.personId)!;
    const person = await app.inject({ url: `/api/v1/persons/${fx.alfa.personId}`, headers: auth(analyst) });
    expect(person.json<{ ref: string }>().ref).toBe(member.ref);
    expect(member.ref).toBe(recordRef('person', fx.alfa.personId));
    expect(member.ref).not.toBe(body.ref);
  });
});
