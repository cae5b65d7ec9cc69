import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, newPage, signIn, shot, users: { analyst, clerk, auditor } }) {
  test('administration for an auditor: users, machine tokens, the audit log with an intact chain, data-subject requests; axe', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, auditor);
    await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link', { name: 'Administrasi' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Administrasi' }).waitFor();
    // The audit log lists the analyst too (earlier scenarios), so look in the users section only.
    await page
      .getByRole('region', { name: 'Pengguna', exact: true })
      .getByRole('cell', { name: analyst.username, exact: true })
      .waitFor();
    await page
      .getByTestId('chain')
      .filter({ hasText: /^Rantai hash utuh: [\d.]+ entri/ })
      .waitFor();
    await page.getByRole('heading', { name: 'Permintaan subjek data' }).waitFor();
    // The machine token issued at seeding, listed without its secret; an auditor (users:read only) cannot issue
    // or revoke one.
    const tokens = page.getByTestId('api-tokens');
    const row = tokens.getByRole('row', { name: new RegExp(`e2e-sync ${clerk.username} `) });
    await row.waitFor();
    assert.match(await row.textContent(), /aktif/);
    assert.doesNotMatch(await tokens.textContent(), /entas_api_/);
    assert.equal(await page.getByRole('button', { name: /^Cabut token/ }).count(), 0);
    assert.equal(await page.getByRole('form', { name: 'Buat token mesin' }).count(), 0);
    // Only what the role may do: an auditor sees no imports or policy editor.
    const menu = await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link')
      .allTextContents();
    assert.ok(!menu.includes('Kebijakan') && !menu.includes('Penautan'), menu.join(', '));
    await checkAccessibility(page, 'administration');
    await shot(page, 'admin');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
