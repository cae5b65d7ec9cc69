import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';
import { overviewReady } from '../support.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, newPage, signIn, shot, users: { analyst } }) {
  test('drill-down: province → regency with chart and table; axe on both', async () => {
    const { context, page } = await newPage();
    await signIn(page, analyst);
    await overviewReady(page);
    await page.locator('.province-list').getByRole('link', { name: 'Nusa Tenggara Timur' }).click();
    await page.getByRole('heading', { level: 1, name: /Nusa Tenggara Timur/ }).waitFor();
    await page.getByRole('link', { name: 'Kabupaten Kupang' }).waitFor();
    await checkAccessibility(page, 'province');
    await shot(page, 'regions');
    await page.getByRole('link', { name: 'Kabupaten Kupang', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /Kabupaten Kupang/ }).waitFor();
    await page
      .getByRole('navigation', { name: 'Jejak wilayah' })
      .getByRole('link', { name: 'Nusa Tenggara Timur' })
      .waitFor();
    await page
      .locator('section', { has: page.getByRole('heading', { name: 'Rumah tangga menurut wilayah' }) })
      .locator('canvas')
      .waitFor();
    const districts = await page.locator('tbody tr').count();
    assert.ok(districts > 5, `districts listed: ${districts}`);
    await checkAccessibility(page, 'regency');
    await context.close();
  });
}
