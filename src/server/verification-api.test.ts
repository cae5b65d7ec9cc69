import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { DTSEN_UPDATE_HEADERS } from '../pilots/verification/dtsen-update.js';
import { pdfPages } from '../testing/pdf-text.js';
import { testEngines } from '../testing/test-database.js';
import { useTestApp } from './test-app.js';
import { buildPilotFixture, type Fixture } from './test-fixtures.js';

/** Field verification over HTTP: who may propose where, who reviews, and the DTSEN update export. */
describe.each(testEngines())('verification proposals over HTTP on %s', (kind) => {
  const ctx = useTestApp(kind);
  let app: FastifyInstance;
  let fx: Fixture;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    fx = ctx.fx;
    app = ctx.app;
    const assigned = await ctx.user('pendamping', { regions: [fx.alfa.regency] }, 'pendamping-alfa');
    tokens.assigned = assigned.token;
    tokens.unassigned = await ctx.token('pendamping', { regions: [fx.alfa.regency] }, 'pendamping-lain');
    tokens.reviewer = await ctx.token('pemda_officer', { regions: [fx.alfa.regency] }, 'dinsos-alfa');
    tokens.outsider = await ctx.token('pemda_officer', { regions: [fx.bravo.regency] }, 'dinsos-bravo');
    await buildPilotFixture(ctx.database, fx.alfa, assigned.userId);
  }, 60_000);

  const call = (method: 'GET' | 'POST', url: string, who: string, payload?: object, purpose?: string) =>
    app.inject({
      method,
      url,
      payload,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(purpose ? { 'x-purpose': purpose } : {}) },
    });

  it('a pendamping proposes in an assigned village only; a region officer reviews; the export follows', async () => {
    const body = {
      household_id: fx.alfa.householdId,
      kind: 'decile_wrong',
      proposed: { claimed_decile: 6 },
      evidence: 'rumah tembok, dua sepeda motor, usaha kios',
      documents: ['foto-rumah-1.jpg', 'foto-kios.jpg'],
    };
    const elsewhere = await call('POST', '/api/v1/verification-proposals', 'unassigned', body);
    expect(elsewhere.statusCode).toBe(404);
    const created = await call('POST', '/api/v1/verification-proposals', 'assigned', body);
    expect(created.statusCode, created.body).toBe(201);
    const proposal = created.json<{ id: number; status: string; documents: string[] }>();
    expect(proposal).toMatchObject({ status: 'proposed', documents: body.documents });
    expect(
      (await call('GET', `/api/v1/verification-proposals/${proposal.id}`, 'unassigned')).statusCode,
    ).toBe(404);
    const listed = await call('GET', '/api/v1/verification-proposals?status=proposed', 'assigned');
    expect(listed.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toContain(proposal.id);
    expect((await call('GET', '/api/v1/verification-proposals', 'unassigned')).json()).toEqual({
      items: [],
      next_cursor: null,
    });
    // The pendamping lacks verification:review; a reviewer elsewhere sees nothing.
    const review = { decision: 'accept', reason: 'sesuai musyawarah desa', deliberation_ref: 'BA-07/2026' };
    const selfReview = await call(
      'POST',
      `/api/v1/verification-proposals/${proposal.id}/review`,
      'assigned',
      review,
    );
    expect(selfReview.statusCode).toBe(403);
    expect(
      (await call('POST', `/api/v1/verification-proposals/${proposal.id}/review`, 'outsider', review))
        .statusCode,
    ).toBe(404);
    const accepted = await call(
      'POST',
      `/api/v1/verification-proposals/${proposal.id}/review`,
      'reviewer',
      review,
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({
      status: 'accepted',
      reviewed_by: 'dinsos-alfa',
      deliberation_ref: 'BA-07/2026',
    });
    const again = await call(
      'POST',
      `/api/v1/verification-proposals/${proposal.id}/review`,
      'reviewer',
      review,
    );
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: { code: 'already_reviewed' } });

    expect((await call('GET', '/api/v1/verification-proposals/export', 'assigned')).statusCode).toBe(403);
    const masked = await call('GET', '/api/v1/verification-proposals/export', 'reviewer');
    expect(masked.statusCode).toBe(200);
    expect(masked.headers['content-type']).toMatch(/text\/csv/);
    const lines = masked.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(DTSEN_UPDATE_HEADERS.join(','));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('DESIL_TIDAK_SESUAI');
    expect(lines[1]).toContain('claimed_decile=6');
    expect(lines[1]).toContain('BA-07/2026');
    expect(lines[1]).not.toContain(fx.alfa.kk);
    const revealed = await call(
      'GET',
      '/api/v1/verification-proposals/export',
      'reviewer',
      undefined,
      'kirim ke BPS',
    );
    expect(revealed.body).toContain(fx.alfa.kk);
    expect(
      (await call('GET', '/api/v1/verification-proposals/export', 'outsider')).body.trim().split('\n'),
    ).toHaveLength(1);
    const xlsx = await call('GET', '/api/v1/verification-proposals/export?format=xlsx', 'reviewer');
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer);
    const sheet = workbook.getWorksheet('usulan')!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...DTSEN_UPDATE_HEADERS]);
    expect(sheet.getRow(2).getCell(9).value).toBe('DESIL_TIDAK_SESUAI');
  });

  it('prints an assigned village’s work list as PDF, address and NIK masked unless a purpose is stated', async () => {
    const url = `/api/v1/villages/${fx.alfa.village}/work-list.pdf`;
    expect((await call('GET', url, 'unassigned')).statusCode).toBe(404);
    const masked = await call('GET', url, 'assigned');
    expect(masked.statusCode).toBe(200);
    expect(masked.headers['content-type']).toBe('application/pdf');
    const [page] = await pdfPages(masked.rawPayload);
    expect(page).toContain('Siti ALFA');
    expect(page).toContain('Jalan ***');
    expect(page).not.toContain(fx.alfa.nik);
    expect(page).toContain('Pendamping: pendamping-alfa');
    const [full] = await pdfPages(
      (await call('GET', url, 'assigned', undefined, 'kunjungan rumah')).rawPayload,
    );
    expect(full).toContain('Jalan ALFA 1');
    expect(full).toContain(fx.alfa.nik);
  });

  it('refuses a proposal with bad values naming the field, and a review without a reason', async () => {
    const bad = await call('POST', '/api/v1/verification-proposals', 'assigned', {
      household_id: fx.alfa.householdId,
      person_id: fx.alfa.personId,
      kind: 'deceased',
      proposed: { deceased_on: '2099-01-01' },
      evidence: 'kabar tetangga',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_proposal' } });
    expect(bad.json<{ error: { message: string; message_id: string } }>().error.message).toMatch(
      /proposed\.deceased_on/,
    );
    const noReason = await call('POST', '/api/v1/verification-proposals/1/review', 'reviewer', {
      decision: 'accept',
    });
    expect(noReason.statusCode).toBe(400);
  });
});
