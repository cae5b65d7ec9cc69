import assert from 'node:assert/strict';
import fs from 'node:fs';
import { checkAccessibility } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, shot, users: { analyst } }) {
  test('M&E: an indicator by region with drill-down province → regency, its periods and a split; axe', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, analyst);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Monev' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pemantauan dan evaluasi (monev)' }).waitFor();
    // KPM conversion: the demo's cooperatives enrol recipients, so its value is not 0 and a wrong one shows.
    await page.locator('select[name=indicator] option[value=kpm_conversion]').waitFor({ state: 'attached' });
    await page.locator('select[name=indicator]').selectOption('kpm_conversion');
    const children = page.getByTestId('children');
    await children.getByRole('link', { name: 'Nusa Tenggara Timur' }).click();
    await page.waitForURL(/region=53(&|$)/);
    await page.getByRole('heading', { level: 2, name: /^Nusa Tenggara Timur/ }).waitFor();
    await page
      .locator('section', { has: page.getByRole('heading', { name: /^Menurut wilayah/ }) })
      .locator('canvas')
      .waitFor();
    await checkAccessibility(page, 'M&E at a province');
    await shot(page, 'indicators');
    await children.getByRole('link', { name: 'Kabupaten Kupang', exact: true }).click();
    await page.waitForURL(/region=53\.01(&|$)/);
    await page.getByRole('heading', { level: 2, name: /^Kabupaten Kupang · / }).waitFor();
    await page
      .getByRole('navigation', { name: 'Jejak wilayah' })
      .getByRole('link', { name: '53', exact: true })
      .waitFor();
    const shown = await page.getByTestId('indicator-value').locator('dd').first().textContent();
    assert.match(shown, /^\d{1,3}(,\d)?%$/, `a share in Indonesian format: ${shown}`);
    // The same figure as the API gives for that region and its latest period, and not zero.
    const latest = await (
      await context.request.get(`${server.url}/api/v1/indicators/kpm_conversion/children?region=53.01`)
    ).json();
    const api = await (
      await context.request.get(
        `${server.url}/api/v1/indicators/values?indicator=kpm_conversion&region=53.01&period=${latest.period}`,
      )
    ).json();
    const value = api.values.find((v) => v.disaggregation === '' && v.region_code === '53.01').value;
    assert.ok(value > 0, `KPM conversion in Kupang is ${value}`);
    assert.equal(
      shown,
      `${value.toLocaleString('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`,
    );
    // Periods in time order (2026Q1 before 2026-10), named in Indonesian (no "2026-05" or "2026Q2" on screen).
    const trend = page.getByTestId('trend');
    await trend.locator('tbody tr').first().waitFor();
    const periods = [...new Set(api.values.map((v) => v.period))];
    assert.ok(periods.length > 0);
    const labels = await trend.locator('tbody th').allTextContents();
    for (const label of labels)
      assert.doesNotMatch(label, /^\d{4}(-\d{2}|Q\d)$/, `period shown raw: ${label}`);
    const all = await (
      await context.request.get(
        `${server.url}/api/v1/indicators/values?indicator=kpm_conversion&region=53.01`,
      )
    ).json();
    const start = (p) => {
      const m = /^(\d{4})(?:-(\d{2})|Q(\d))?$/.exec(p);
      return Number(m[1]) * 12 + (m[2] ? Number(m[2]) - 1 : m[3] ? (Number(m[3]) - 1) * 3 : 0);
    };
    const stored = [...new Set(all.values.filter((v) => v.disaggregation === '').map((v) => v.period))];
    assert.equal(labels.length, stored.length, `one row per stored period: ${stored.join(', ')}`);
    const months = (p) => (/Q/.test(p) ? 3 : /-/.test(p) ? 1 : 12);
    const options = await page
      .getByLabel('Periode')
      .locator('option')
      .evaluateAll((os) => os.map((o) => o.value).filter((v) => v !== ''));
    // The demo stores 2026, 2026-01 and 2026Q1: in time order the year, then its quarter, then the month
    // (as strings, 2026-01 would come before 2026Q1).
    const chronological = [...stored].sort((x, y) => start(x) - start(y) || months(y) - months(x));
    assert.deepEqual(options, chronological);
    assert.ok((await children.locator('tbody tr').count()) > 5, 'districts of the regency');
    await page.getByLabel('Rincian menurut').selectOption('decile');
    await page.waitForURL(/by=decile/);
    await children.getByRole('columnheader', { name: '1', exact: true }).waitFor();
    const deciles = await children.locator('thead th').allTextContents();
    const numeric = deciles.filter((d) => /^\d+$/.test(d)).map(Number);
    assert.deepEqual(
      numeric,
      [...numeric].sort((a, b) => a - b),
      `decile columns in order: ${deciles.join(', ')}`,
    );
    await checkAccessibility(page, 'M&E at a regency split by decile');
    // The table downloads as the server exports it: the regency first, then each district by decile; and XLSX.
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV', exact: true }).click(),
    ]);
    const table = fs
      .readFileSync(await csvDownload.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    assert.match(table[0], /^indicator,period,region_code,region_name,region_level,disaggregation,category/);
    const regency = decodeURIComponent(/[?&]region=([^&]+)/.exec(page.url())[1]);
    assert.equal(table[1].split(',')[2], regency, 'the node first');
    assert.ok(
      table.slice(1).every((l) => l.split(',')[5] === 'decile'),
      'split by decile',
    );
    // The node has one row per decile, then each district its own.
    const districtRows = [...new Set(table.slice(1).map((l) => l.split(',')[2]))].filter(
      (code) => code !== regency,
    );
    const indicator = decodeURIComponent(/[?&]indicator=([^&]+)/.exec(page.url())[1]);
    const apiChildren = await (
      await context.request.get(
        `${server.url}/api/v1/indicators/${indicator}/children?region=${regency}&by=decile`,
      )
    ).json();
    assert.deepEqual(
      districtRows,
      apiChildren.children.map((x) => x.region_code),
      'every child region of the API, in code order',
    );
    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'XLSX (Excel)' }).click(),
    ]);
    assert.equal(
      fs
        .readFileSync(await xlsxDownload.path())
        .subarray(0, 2)
        .toString(),
      'PK',
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
}
