import assert from 'node:assert/strict';
import { overviewReady } from '../support.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, users: { analyst } }) {
  test('an expired session returns to sign-in with a message; sign-out ends the session', async () => {
    const { context, page } = await newPage();
    await signIn(page, analyst);
    await overviewReady(page);
    await context.clearCookies();
    await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link', { name: 'Kebijakan' })
      .click();
    await page.getByText('Sesi Anda telah berakhir. Silakan masuk lagi.').waitFor();
    await signIn(page, analyst);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByText('Anda telah keluar.').waitFor();
    assert.equal((await context.request.get(`${server.url}/api/v1/auth/me`)).status(), 401);
    await context.close();
  });
}
