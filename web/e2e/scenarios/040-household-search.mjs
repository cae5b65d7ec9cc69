import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, newPage, signIn, shot, users: { analyst } }) {
  test('household search pages by keyset and the profile masks NIK for an analyst (no reveal offered)', async () => {
    const { context, page } = await newPage();
    await signIn(page, analyst);
    await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link', { name: 'Rumah tangga' })
      .click();
    await page.getByLabel('Kode wilayah (mis. 53.01)').fill('53.01');
    await page.getByLabel('Desil').selectOption('1');
    await page.getByRole('button', { name: 'Cari' }).click();
    await page.waitForURL(/region=53\.01/);
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 25, 'one page of 25');
    const firstId = await rows.first().locator('td').first().textContent();
    await checkAccessibility(page, 'households');
    await shot(page, 'households');
    await page.getByRole('button', { name: 'Halaman berikutnya' }).click();
    await page.waitForURL(/cursor=/);
    await page.waitForFunction((id) => document.querySelector('tbody tr td')?.textContent !== id, firstId);
    await page.getByRole('button', { name: 'Halaman pertama' }).click();
    await page.getByRole('link', { name: `Buka rumah tangga ${firstId}`, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Rumah tangga ${firstId}` }).waitFor();
    const niks = await page.getByTestId('nik').allTextContents();
    assert.ok(niks.length > 0);
    for (const nik of niks) assert.match(nik, /\*/, 'masked NIK');
    assert.equal(await page.getByRole('button', { name: 'Tampilkan identitas lengkap' }).count(), 0);
    await page.getByRole('heading', { name: 'Keputusan kebijakan' }).waitFor();
    await page.locator('article.decision').first().waitFor();
    await checkAccessibility(page, 'household');
    await shot(page, 'household');
    await context.close();
  });
}
