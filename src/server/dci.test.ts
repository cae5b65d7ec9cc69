import { beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../testing/test-database.js';
import { useTestApp } from './test-app.js';
import { consentFor, type Fixture } from './test-fixtures.js';

interface SearchResponse {
  reference_id: string;
  status: string;
  status_reason_code?: string;
  data?: { reg_records: { id: number; kk: string; members?: { nik: string }[] }[] };
}

describe.each(testEngines())('DCI social registry search on %s', (kind) => {
  // Both households agreed to be shared; consent.test.ts covers households that did not.
  const api = useTestApp(kind, {
    setup: async (database, fx) => {
      await consentFor(database, fx.alfa.householdId, 'data_sharing_dci');
      await consentFor(database, fx.bravo.householdId, 'data_sharing_dci');
    },
  });
  const ctx = api;
  let fx: Fixture;
  let inside: string;
  let outside: string;
  let coop: string;

  beforeAll(async () => {
    fx = api.fx;
    inside = await api.token('pemda_officer', { regions: [fx.alfa.regency] }, 'openspp-ntt');
    outside = await api.token('pemda_officer', { regions: [fx.bravo.regency] }, 'openspp-jateng');
    coop = await api.token('coop_officer', { cooperativeId: fx.alfa.cooperativeId }, 'koperasi');
  });

  const search = async (token: string, criteria: object[], purpose?: string) => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/dci/registry/sync/search',
      headers: { authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) },
      payload: {
        header: {
          version: '1.0.0',
          message_id: 'm1',
          message_ts: '2026-03-01T00:00:00Z',
          action: 'search',
          sender_id: 'openspp',
        },
        message: {
          transaction_id: 't1',
          search_request: criteria.map((c, i) => ({
            reference_id: `r${i}`,
            timestamp: '2026-03-01T00:00:00Z',
            search_criteria: c,
          })),
        },
      },
    });
    expect(res.statusCode).toBe(200);
    return res.json<{
      header: { status: string; receiver_id: string };
      message: { transaction_id: string; search_response: SearchResponse[] };
    }>();
  };
  const byNik = {
    reg_type: 'ns:org:RegistryType:Social',
    query_type: 'idtype-value',
    query: { type: 'NIK', value: '' },
  };

  it('finds a household by NIK for an in-scope caller with a purpose; out of scope looks like an unknown NIK', async () => {
    const nikQuery = { ...byNik, query: { type: 'NIK', value: fx.alfa.nik } };
    const found = await search(inside, [nikQuery], 'verifikasi OpenSPP');
    expect(found.header).toMatchObject({ status: 'succ', receiver_id: 'openspp' });
    expect(found.message.transaction_id).toBe('t1');
    const [response] = found.message.search_response;
    expect(response).toMatchObject({ reference_id: 'r0', status: 'succ' });
    expect(response!.data!.reg_records).toHaveLength(1);
    expect(response!.data!.reg_records[0]).toMatchObject({
      id: fx.alfa.householdId,
      kk: fx.alfa.kk,
      members: [{ nik: fx.alfa.nik }],
    });

    const unknown = await search(
      outside,
      [{ ...byNik, query: { type: 'NIK', value: '9999999999999999' } }],
      'x-check',
    );
    const hidden = await search(outside, [nikQuery], 'x-check');
    expect(hidden.message.search_response[0]!.data).toEqual(unknown.message.search_response[0]!.data);
    expect(hidden.message.search_response[0]!.data!.reg_records).toEqual([]);
  });

  it('rejects identifier search without a purpose and answers each request separately', async () => {
    const result = await search(inside, [
      { ...byNik, query: { type: 'NIK', value: fx.alfa.nik } },
      { query_type: 'expression', query: { region: fx.alfa.regency, decile: { $lte: 4 } } },
      { query_type: 'predicate', query: {} },
      { query_type: 'expression', query: { income: { $gt: 1 } } },
    ]);
    expect(result.header.status).toBe('part');
    const [nik, expression, predicate, unknownField] = result.message.search_response;
    expect(nik).toMatchObject({ status: 'rjct', status_reason_code: 'rjct.purpose_required' });
    expect(expression!.status).toBe('succ');
    expect(expression!.data!.reg_records.map((r) => r.id)).toEqual([fx.alfa.householdId]);
    expect(expression!.data!.reg_records[0]!.kk).toContain('********');
    expect(predicate).toMatchObject({ status: 'rjct', status_reason_code: 'rjct.query_type.invalid' });
    expect(unknownField).toMatchObject({ status: 'rjct', status_reason_code: 'rjct.query.invalid' });
  });

  it('expression search never reaches beyond the scope; roles without household access are rejected', async () => {
    const outsideResult = await search(outside, [
      { query_type: 'expression', query: { region: fx.alfa.regency } },
    ]);
    expect(outsideResult.message.search_response[0]!.data!.reg_records).toEqual([]);
    const coopResult = await search(coop, [{ query_type: 'expression', query: {} }]);
    expect(coopResult.message.search_response[0]).toMatchObject({
      status: 'rjct',
      status_reason_code: 'rjct.forbidden',
    });
    const audited = await ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor', '=', 'openspp-ntt')
      .execute();
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining(['person.search', 'household.read', 'household.list']),
    );
  });
});
