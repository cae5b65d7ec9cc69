import assert from 'node:assert/strict';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, users: { analyst } }) {
  test('CSRF: a cookie-signed mutation without X-Requested-With is refused', async () => {
    const { context, page } = await newPage();
    await signIn(page, analyst);
    const refused = await context.request.post(`${server.url}/api/v1/auth/logout`);
    assert.equal(refused.status(), 403);
    assert.equal((await refused.json()).error.code, 'csrf');
    assert.equal(
      (await context.request.get(`${server.url}/api/v1/auth/me`)).status(),
      200,
      'still signed in',
    );
    await context.close();
  });
}
