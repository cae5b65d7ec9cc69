import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, newPage, signIn, shot, users: { analyst } }) {
  test('pilots: the demo pilot with waves, draw and balance table; the MDE calculator; axe', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, analyst);
    await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link', { name: 'Uji coba' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Uji coba (pilot)' }).waitFor();
    await page.locator('tbody a').first().click();
    await page.getByRole('heading', { name: 'Tabel keseimbangan' }).waitFor();
    await page.getByTestId('balance').locator('tbody tr').first().waitFor();
    const mde = page.getByTestId('mde');
    const before = await mde.textContent();
    assert.match(before, /^MDE = 0,\d{3} simpangan baku/, before);
    await page.getByLabel('Jumlah klaster').fill('240');
    await page.waitForFunction((b) => document.querySelector('[data-testid=mde]')?.textContent !== b, before);
    const after = await mde.textContent();
    assert.ok(
      Number(after.match(/0,(\d{3})/)[1]) < Number(before.match(/0,(\d{3})/)[1]),
      'more clusters, smaller MDE',
    );
    await checkAccessibility(page, 'pilots');
    await shot(page, 'pilots');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
