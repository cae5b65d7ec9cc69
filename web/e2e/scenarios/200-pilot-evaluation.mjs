import assert from 'node:assert/strict';
import fs from 'node:fs';
import { checkAccessibility } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, shot, users: { analyst } }) {
  test('M&E: a pilot’s impact estimates with a coefficient plot, the API’s figures, both languages and the PDF; axe', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, analyst);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Monev' }).click();
    const pilots = (await (await context.request.get(`${server.url}/api/v1/pilots`)).json()).items;
    const demo = pilots.find((p) => p.name.startsWith('Uji coba demo'));
    assert.ok(demo, pilots.map((p) => p.name).join(', '));
    await page.getByRole('link', { name: `Estimasi dampak ${demo.name}` }).click();
    await page.waitForURL(new RegExp(`/pilots/${demo.id}/evaluation$`));
    await page.getByRole('heading', { level: 1, name: `Estimasi dampak: ${demo.name}` }).waitFor();
    const table = page.getByTestId('estimates');
    await table.getByRole('rowheader', { name: 'Kesejahteraan (skor z)' }).waitFor({ timeout: 120_000 });
    await page.getByTestId('coefficient-plot').locator('circle').first().waitFor();
    const api = await (await context.request.get(`${server.url}/api/v1/pilots/${demo.id}/evaluation`)).json();
    const welfare = api.evaluations.find((e) => e.outcome === 'welfare_z').result;
    assert.ok(welfare, JSON.stringify(api.evaluations.map((e) => e.problem)));
    const id3 = (v) => v.toLocaleString('id-ID', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
    const row = table.getByRole('row', { name: /^Kesejahteraan \(skor z\)/ });
    assert.equal(await row.locator('td').nth(1).textContent(), id3(welfare.effect.estimate));
    assert.equal(
      await row.locator('td').nth(3).textContent(),
      `[${id3(welfare.effect.ci_low)}; ${id3(welfare.effect.ci_high)}]`,
    );
    const plotted = api.evaluations.filter((e) => e.result?.effect.ci_low != null).length;
    assert.equal(await page.getByTestId('coefficient-plot').locator('circle').count(), plotted);
    await checkAccessibility(page, 'pilot impact estimates');
    await shot(page, 'pilot-evaluation');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Laporan PDF' }).click(),
    ]);
    const pdf = fs.readFileSync(await download.path());
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    // One outcome by another method, in the address bar; then English with English number formats.
    await page.getByLabel('Metode').selectOption('did');
    await page.getByLabel('Hasil (outcome)').selectOption('member');
    // The address changes in the page (history), after the PDF link's download: no load event to wait for.
    await page.waitForFunction(
      () => /method=did/.test(document.location.search) && /outcome=member/.test(document.location.search),
    );
    await table.getByRole('rowheader', { name: 'Anggota koperasi' }).waitFor({ timeout: 120_000 });
    await page.getByLabel('Bahasa').selectOption('en');
    await page.getByRole('heading', { level: 1, name: `Impact estimates: ${demo.name}` }).waitFor();
    await table.getByRole('rowheader', { name: 'Cooperative member' }).waitFor();
    await checkAccessibility(page, 'pilot impact estimates (English)');
    await page.getByLabel('Language').selectOption('id');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
