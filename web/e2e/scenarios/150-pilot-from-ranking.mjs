import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, shot, users: { analyst, officer } }) {
  test('pilots: created from the village ranking, randomised, balance, published, a wave opened; axe', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, analyst);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Laporan' }).click();
    await page.getByLabel('Tampilkan').selectOption('20');
    await page.getByTestId('ranking').locator('tbody tr').nth(19).waitFor();
    await page.getByRole('button', { name: 'Buat uji coba dari 20 desa ini' }).click();
    await page.waitForURL(/\/pilots\/new$/);
    const form = page.getByRole('form', { name: 'Buat uji coba baru' });
    await page.getByText('Klaster: 20 desa dari peringkat desa').waitFor();
    assert.equal(await form.getByLabel('Kode wilayah (mis. 53.01)').inputValue(), '53');
    await form.getByLabel('Nama').fill('Uji coba e2e dari peringkat');
    await form.locator('select[name=policy_id] option').first().waitFor({ state: 'attached' });
    await form.getByLabel('Tanggal mulai gelombang 1').fill('2027-01-04');
    await form.getByLabel('Tanggal mulai gelombang 2').fill('2027-07-05');
    await checkAccessibility(page, 'pilot creation form');
    await form.getByRole('button', { name: 'Buat uji coba', exact: true }).click();
    await page.waitForURL(/\/pilots\/\d+$/);
    const id = Number(page.url().split('/').at(-1));
    await page.getByRole('heading', { level: 2, name: 'Uji coba e2e dari peringkat' }).waitFor();
    await page.getByTestId('balance').waitFor({ state: 'detached' });
    const actions = page.getByTestId('pilot-actions');
    await actions.getByLabel('Seed pengacakan (angka)').fill('20261206');
    await actions.getByRole('button', { name: 'Acak', exact: true }).click();
    await actions
      .getByRole('status')
      .filter({ hasText: /^Pengacakan draf: \d+ klaster perlakuan, \d+ kontrol/ })
      .waitFor();
    await page.getByTestId('balance').locator('tbody tr').first().waitFor();
    await checkAccessibility(page, 'pilot with a draft draw');
    await actions.getByRole('button', { name: 'Terbitkan pengacakan' }).click();
    await actions.getByRole('status').filter({ hasText: 'Pengacakan diterbitkan.' }).waitFor();
    await actions.getByRole('button', { name: 'Buka gelombang 1' }).click();
    await actions
      .getByRole('status')
      .filter({ hasText: /^Gelombang 1 dibuka: \d+ klaster perlakuan, [\d.]+ orang teridentifikasi\.$/ })
      .waitFor();
    await actions.getByRole('button', { name: 'Buka gelombang 2' }).waitFor();
    // The server holds what the browser did.
    const stored = await (await context.request.get(`${server.url}/api/v1/pilots/${id}`)).json();
    assert.equal(stored.region_code, '53');
    assert.equal(stored.clusters, 20);
    assert.equal(stored.randomization.status, 'published');
    assert.equal(stored.randomization.seed, '20261206');
    assert.notEqual(stored.waves[0].opened_at, null);
    assert.equal(stored.waves[1].opened_at, null);
    await checkAccessibility(page, 'pilot after publishing and opening a wave');
    await shot(page, 'pilot-manage');
    // A role that may only read pilots gets no management controls.
    const reader = await newPage();
    await signIn(reader.page, officer);
    await reader.page.goto(`${server.url}/pilots/${id}`);
    await reader.page.getByRole('heading', { level: 2, name: 'Uji coba e2e dari peringkat' }).waitFor();
    assert.equal(await reader.page.getByTestId('pilot-actions').count(), 0);
    assert.equal(await reader.page.getByRole('link', { name: 'Buat uji coba baru' }).count(), 0);
    await reader.context.close();
    assert.deepEqual(errors, []);
    await context.close();
  });
}
