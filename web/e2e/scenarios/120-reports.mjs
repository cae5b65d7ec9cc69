import assert from 'node:assert/strict';
import fs from 'node:fs';
import { checkAccessibility } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, newPage, signIn, shot, users: { analyst } }) {
  test('reports: village ranking and targeting report, exported as CSV; axe', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, analyst);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Laporan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Laporan' }).waitFor();
    await page.getByTestId('ranking').locator('tbody tr').nth(9).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Ekspor CSV: Peringkat desa' }).click(),
    ]);
    const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
    const lines = csv.trim().split(/\r\n/);
    assert.equal(lines[0], 'rank,village_code,name,score,households,decile1,recipients_not_members');
    assert.equal(lines.length, 51, 'the 50 villages shown');
    await checkAccessibility(page, 'reports');
    await shot(page, 'reports');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
