import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';
import { overviewReady } from '../support.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, users: { analyst, treasurer } }) {
  test('overview: the pilots’ enrolment funnel of the scope equals the API’s, in both languages; axe', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, analyst);
    await overviewReady(page);
    const table = page.getByTestId('enrolment-funnel');
    await table.waitFor();
    await page.getByRole('heading', { name: 'Corong pendaftaran uji coba' }).waitFor();
    const api = await (await context.request.get(`${server.url}/api/v1/enrolment-funnel`)).json();
    assert.ok(api.total > 0, 'the demo pilot has enrolments');
    // One row per step of the main path, in order: reached, share of those identified, now.
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent)));
    assert.equal(rows.length, 6);
    const digits = (s) => Number(s.replace(/\./g, ''));
    assert.deepEqual(
      rows.map((r) => [digits(r[1]), digits(r[4])]),
      api.steps.map((s) => [s.reached, s.now]),
    );
    assert.equal(rows[0][0], 'teridentifikasi');
    assert.equal(rows[0][2], '100,0%');
    // A later step's share as the API gives it, in Indonesian format (comma decimals).
    const contacted = api.steps[1].share * 100;
    assert.equal(rows[1][2], `${contacted.toFixed(1).replace('.', ',')}%`);
    assert.ok(api.steps[1].reached > 0, 'the demo moved people past identified');
    await checkAccessibility(page, 'overview with the enrolment funnel');
    await page.getByLabel('Bahasa').selectOption('en');
    await page.getByRole('heading', { name: 'Pilot enrolment funnel' }).waitFor();
    assert.equal(await table.locator('tbody tr th').first().textContent(), 'identified');
    await page.getByLabel('Language').selectOption('id');
    assert.deepEqual(errors, []);
    await context.close();

    // A cooperative's treasurer has no overview: the funnel of their cooperative stays on the API.
    const other = await newPage();
    await signIn(other.page, treasurer, 'Koperasi');
    assert.equal(await other.page.getByTestId('enrolment-funnel').count(), 0);
    await other.context.close();
  });
}
