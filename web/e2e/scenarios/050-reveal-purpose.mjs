import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, shot, users: { officer } }) {
  test('an officer with pii:read reveals identifiers after stating a purpose (X-Purpose); axe on the dialog', async () => {
    const { context, page } = await newPage();
    await signIn(page, officer);
    await page.goto(`${server.url}/households?region=53.01`);
    await page.locator('tbody tr a').first().click();
    await page.getByRole('heading', { level: 1, name: /Rumah tangga \d+/ }).waitFor();
    assert.match((await page.getByTestId('nik').first().textContent()) ?? '', /\*/);
    const purposes = [];
    page.on('request', (r) => r.headers()['x-purpose'] && purposes.push(r.headers()['x-purpose']));
    await page.getByRole('button', { name: 'Tampilkan identitas lengkap' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tujuan membuka identitas' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Tampilkan' }).click();
    await checkAccessibility(page, 'purpose dialog');
    await dialog.getByLabel('Tujuan (mis. verifikasi lapangan kasus 12)').fill('x');
    await dialog.getByRole('button', { name: 'Tampilkan' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'minimal 3' }).waitFor();
    await dialog.getByLabel('Tujuan (mis. verifikasi lapangan kasus 12)').fill('verifikasi lapangan e2e');
    await shot(page, 'purpose-dialog');
    await dialog.getByRole('button', { name: 'Tampilkan' }).click();
    await page.getByText('Identitas lengkap ditampilkan untuk tujuan: verifikasi lapangan e2e').waitFor();
    await page
      .getByTestId('nik')
      .first()
      .filter({ hasText: /^\d{16}$/ })
      .waitFor();
    assert.deepEqual([...new Set(purposes)], ['verifikasi lapangan e2e']);
    await page.getByRole('button', { name: 'Samarkan lagi' }).click();
    await page.getByTestId('nik').first().filter({ hasText: /\*/ }).waitFor();
    await context.close();
  });
}
