import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { checkAccessibility, totpCode } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, shot, users: { admin } }) {
  test('an administrator (TOTP) creates a user, issues and revokes its machine token, then disables it; axe on the dialogs', async () => {
    const { context, page, errors } = await newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Nama pengguna').fill(admin.username);
    await page.getByLabel('Kata sandi').fill(admin.password);
    await page.getByLabel(/Kode TOTP/).fill(await totpCode(admin.totpSecret));
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ikhtisar' }).waitFor();
    await page.goto(`${server.url}/admin`);
    await page.getByRole('heading', { level: 1, name: 'Administrasi' }).waitFor();
    // Only the roles an administrator holds every permission of (the server's separation of duties).
    const create = page.getByRole('form', { name: 'Buat pengguna' });
    const roles = await create.getByLabel('Peran').locator('option').allTextContents();
    assert.deepEqual(roles, ['admin', 'auditor']);
    // The TOTP rule follows the role: an administrator's secret is shown once.
    const name = `e2e-baru-${randomBytes(3).toString('hex')}`;
    const secret = `Kunci!${randomBytes(12).toString('base64url')}`;
    await create.getByLabel('Nama pengguna').fill(name);
    await create.getByLabel('Kata sandi').fill(secret);
    await create.getByLabel('Peran').selectOption('admin');
    await create.getByTestId('totp-rule').filter({ hasText: 'wajib memakai TOTP' }).waitFor();
    await create.getByRole('button', { name: 'Buat pengguna' }).click();
    await page
      .getByTestId('totp-secret')
      .filter({ hasText: /^[A-Z2-7]{16,}$/ })
      .waitFor();
    const users = page.getByTestId('users');
    await users.getByRole('row', { name: new RegExp(`^${name} admin`) }).waitFor();
    await checkAccessibility(page, 'administration (admin)');
    // A machine token for the new user, its secret once; then revoked in a dialog.
    const issue = page.getByRole('form', { name: 'Buat token mesin' });
    await issue.getByLabel('Bertindak sebagai pengguna').selectOption(name);
    await issue.getByLabel('Kegunaan').fill('e2e-cabut');
    await issue.getByRole('button', { name: 'Buat token' }).click();
    const token = (await page.getByTestId('token-secret').textContent()).trim();
    const ping = await context.request.get(`${server.url}/api/v1/auth/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(ping.status(), 200, 'the issued token works');
    const row = page.getByTestId('api-tokens').getByRole('row', { name: new RegExp(`e2e-cabut ${name} `) });
    await row.getByRole('button', { name: /^Cabut token/ }).click();
    const revoke = page.getByRole('dialog', { name: 'Cabut token mesin' });
    await revoke.waitFor();
    await checkAccessibility(page, 'revoke token dialog');
    await revoke.getByRole('button', { name: /^Ya, cabut token/ }).click();
    await revoke.waitFor({ state: 'hidden' });
    await row.filter({ hasText: 'dicabut' }).waitFor();
    const refused = await context.request.get(`${server.url}/api/v1/auth/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(refused.status(), 401, 'the revoked token is refused');
    // Disable the new user; the administrator cannot disable itself (no button on its own row).
    assert.equal(
      await users
        .getByRole('row', { name: new RegExp(`^${admin.username} `) })
        .getByRole('button')
        .count(),
      0,
    );
    await users.getByRole('button', { name: `Nonaktifkan ${name}` }).click();
    const disable = page.getByRole('dialog', { name: 'Nonaktifkan pengguna' });
    await disable.waitFor();
    await checkAccessibility(page, 'disable user dialog');
    await shot(page, 'admin-disable');
    await disable.getByRole('button', { name: `Ya, nonaktifkan ${name}` }).click();
    await page.getByText(`Pengguna ${name} dinonaktifkan.`).waitFor();
    await users
      .getByRole('row', { name: new RegExp(`^${name} `) })
      .filter({ hasText: 'nonaktif' })
      .waitFor();
    const listed = await context.request.get(`${server.url}/api/v1/users`);
    const created = (await listed.json()).items.find((u) => u.username === name);
    assert.equal(created.disabled, true);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
