import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, shot, users: { analyst } }) {
  test('sign-in page: a wrong password shows the message; no serious axe violation', async () => {
    const { context, page } = await newPage();
    await page.goto(server.url);
    await page.waitForURL(/\/login/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'id');
    await page.getByLabel('Nama pengguna').fill(analyst.username);
    await page.getByLabel('Kata sandi').fill('not-the-password');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('alert').filter({ hasText: 'kata sandi' }).waitFor();
    await checkAccessibility(page, 'login');
    await shot(page, 'login');
    // The session lives in an HttpOnly cookie only: nothing for scripts to read.
    await signIn(page, analyst);
    assert.equal(await page.evaluate(() => document.cookie), '');
    assert.equal(
      await page.evaluate(() => JSON.stringify(localStorage)).then((s) => /Kunci!|token/i.test(s)),
      false,
    );
    await context.close();
  });
}
