import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';
import { PHONE, pageWidth } from '../support.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, shot, users: { coordinator, analyst } }) {
  test('founding a cooperative: a Kemenkop officer walks the checklist on a phone to a registered cooperative; an analyst only reads; axe', async () => {
    const { context, page, errors } = await newPage(PHONE);
    await signIn(page, coordinator);
    // A village of the demo province that no active cooperative serves (the ranking says so).
    const ranking = await (
      await context.request.get(`${server.url}/api/v1/villages/ranking?top=10000`)
    ).json();
    const village = ranking.items.find((v) => v.cooperative === 'none' || v.cooperative === 'inactive');
    assert.ok(
      village,
      `a village without a cooperative among ${ranking.items.length}: ${[...new Set(ranking.items.map((v) => v.cooperative))]}`,
    );
    await page.goto(`${server.url}/foundings`);
    await page.getByRole('heading', { level: 1, name: 'Pendirian koperasi' }).waitFor();
    await checkAccessibility(page, 'foundings');
    const name = `Koperasi Desa Merah Putih ${village.name}`;
    await page.getByLabel('Kode desa/kelurahan').fill(village.village_code);
    await page.getByLabel('Nama koperasi').fill(name);
    await page.getByRole('button', { name: 'Mulai pendirian' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const id = Number(page.url().split('?')[0].split('/').at(-1));
    const checklist = page.getByTestId('founding-checklist');
    assert.equal(await checklist.locator('li.todo').count(), 6);

    const record = async (step, fields = {}) => {
      await page.getByRole('combobox', { name: /^Langkah/ }).selectOption(step);
      await page.getByLabel('Dokumen (nomor atau nama berita acara)').fill(`BA ${step}`);
      for (const [label, value] of Object.entries(fields))
        await page.getByLabel(label, { exact: true }).fill(value);
      await page.getByRole('button', { name: /^Catat: / }).click();
    };
    // Each step shows as done before the next is entered (the form clears itself after a success).
    const recorded = async (step, fields) => {
      const before = await checklist.locator('li.done').count();
      await record(step, fields);
      await checklist.locator('li.done').nth(before).waitFor();
    };
    await recorded('musdesus');
    // Eight founders: the server refuses, and its message shows at the form.
    await record('founders', { 'Jumlah pendiri (minimal 9)': '8' });
    await page.getByRole('alert').filter({ hasText: 'minimal 9 pendiri diperlukan' }).waitFor();
    // The refusal's 409 is the expected answer, not a page error.
    const refusal = errors.findIndex((e) => String(e).includes('status of 409'));
    assert.ok(refusal >= 0, 'the refusal was a 409');
    errors.splice(refusal, 1);
    await recorded('founders', { 'Jumlah pendiri (minimal 9)': '12' });
    await checklist.getByText('12 pendiri').waitFor();
    await recorded('ad_art');
    await recorded('officers_elected');
    await recorded('legal_entity', { 'Nomor badan hukum': `AHU-E2E.${id}` });
    await checklist.getByText(`badan hukum AHU-E2E.${id}`).waitFor();
    const { width } = await pageWidth(page);
    assert.ok(width <= PHONE.width, `checklist is ${width} px wide on a ${PHONE.width} px screen`);
    await checkAccessibility(page, 'founding checklist (phone)');
    await record('bank_account', { Bank: 'BRI', 'Nomor rekening': '0123456789' });
    await page.getByRole('button', { name: `Daftarkan ${name}` }).click();
    await page.getByText('Koperasi telah terdaftar.').waitFor();
    assert.equal(await checklist.locator('li.done').count(), 6);
    await shot(page, 'founding');

    // Checked through the API: the founding is registered and the cooperative carries the legal-entity number.
    const founding = await (
      await context.request.get(`${server.url}/api/v1/cooperative-foundings/${id}`)
    ).json();
    assert.equal(founding.status, 'registered');
    const coop = await (
      await context.request.get(`${server.url}/api/v1/cooperatives/${founding.cooperative_id}`)
    ).json();
    assert.equal(coop.registration_no, `AHU-E2E.${id}`);
    assert.equal(coop.village_code, village.village_code);
    await page.getByRole('link', { name: 'Buka halaman koperasi' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();

    // An analyst (cooperatives:read, not manage) sees the checklists in English without any control.
    const reader = await newPage();
    await signIn(reader.page, analyst);
    await reader.page.getByLabel('Bahasa').selectOption('en');
    await reader.page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Founding cooperatives' })
      .click();
    await reader.page.getByRole('heading', { level: 1, name: 'Founding cooperatives' }).waitFor();
    await reader.page.getByTestId('foundings').getByRole('link', { name }).click();
    await reader.page.getByRole('heading', { level: 1, name }).waitFor();
    await reader.page.getByText('The cooperative is registered.').waitFor();
    assert.equal(await reader.page.getByRole('button', { name: /^Record|^Register|^Start/ }).count(), 0);
    await reader.page.goto(`${server.url}/foundings`);
    await reader.page.getByRole('heading', { level: 1, name: 'Founding cooperatives' }).waitFor();
    assert.equal(await reader.page.getByRole('button', { name: 'Start founding' }).count(), 0);
    await checkAccessibility(reader.page, 'foundings (English, read only)');
    await reader.context.close();
  });
}
