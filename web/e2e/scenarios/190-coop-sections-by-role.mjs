import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, users: { analyst, treasurer } }) {
  test('cooperative sections follow the role: an analyst reads health and mentoring but cannot post or record', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, analyst);
    const coop = treasurer.cooperative;
    await page.goto(`${server.url}/cooperatives/${coop}/health`);
    await page.getByRole('heading', { level: 2, name: 'Skor kesehatan koperasi' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Sesi pendampingan manajemen' }).waitFor();
    const sections = page.getByRole('navigation', { name: 'Bagian koperasi' });
    assert.deepEqual(await sections.getByRole('link').allTextContents(), [
      'Buku dan anggota',
      'Kesehatan dan pendampingan',
      'Pengurus dan RAT',
    ]);
    await page.getByTestId('open-followups').waitFor();
    assert.equal(await page.getByRole('form', { name: 'Catat sesi pendampingan' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Tutup: / }).count(), 0);
    await checkAccessibility(page, 'health for an analyst');
    // In English too: the component names and the score.
    await page.getByLabel('Bahasa').selectOption('en');
    await page.getByRole('heading', { level: 2, name: 'Cooperative health score' }).waitFor();
    await page.getByText(/^Score \d+ out of 100$/).waitFor();
    await page.getByLabel('Language').selectOption('id');
    await page.goto(`${server.url}/cooperatives/${coop}/post`);
    await page.getByRole('heading', { level: 2, name: 'Catat transaksi' }).waitFor();
    assert.equal(await page.getByRole('form').count(), 0, 'no posting form without ledger:post');
    // The board and the registrar's check, read-only.
    await page.goto(`${server.url}/cooperatives/${coop}/board`);
    await page.getByTestId('register-status').waitFor();
    assert.equal(await page.getByRole('form').count(), 0, 'no board forms without cooperatives:manage');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
