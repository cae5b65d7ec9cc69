import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';
import { overviewReady } from '../support.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, newPage, signIn, users: { analyst } }) {
  test('language switch to English persists for the user across reloads', async () => {
    const { context, page } = await newPage();
    await signIn(page, analyst);
    await page.getByLabel('Bahasa').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('link', { name: 'Households' }).waitFor();
    await overviewReady(page);
    await checkAccessibility(page, 'overview (English)');
    await page.getByLabel('Language').selectOption('id');
    await page.getByRole('heading', { level: 1, name: 'Ikhtisar' }).waitFor();
    await context.close();
  });
}
