import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkAccessibility } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, shot, users: { clerk } }) {
  test('imports: a bansos file with a rejected row, its rejects download, and a revert with a reason; axe', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, clerk);
    await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link', { name: 'Impor data' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Impor data' }).waitFor();
    await page.getByRole('heading', { name: 'Batch impor' }).waitFor();
    await checkAccessibility(page, 'imports');
    const list = await context.request.get(`${server.url}/api/v1/households?region=53.01&limit=1`);
    const village = (await list.json()).items[0].village_code;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'entas-e2e-upload-')), 'bansos-e2e.csv');
    fs.writeFileSync(
      file,
      [
        'NIK,NO_KK,NAMA,KODE_WILAYAH,NOMINAL',
        `5301011508850001,5301010101100001,Maria E2E,${village},750000`,
        `,,Tanpa Nomor,${village},750000`,
        '',
      ].join('\n'),
    );
    await page.getByLabel('Jenis data').selectOption('bansos');
    await page.getByLabel('Kode program (mis. PKH)').fill('PKH');
    await page.getByLabel('Periode (TTTT-BB)').fill('2025-01');
    await page.getByLabel('Berkas CSV atau XLSX').setInputFiles(file);
    await page.getByRole('button', { name: 'Unggah dan impor' }).click();
    const result = page.getByTestId('import-result');
    await result.filter({ hasText: /2 baris, 1 diterima, 1 ditolak/ }).waitFor();
    const batch = /Batch (\d+)/.exec(await result.textContent())[1];
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      result.getByRole('link', { name: `Unduh baris yang ditolak (batch ${batch})` }).click(),
    ]);
    const rejects = fs.readFileSync(await download.path(), 'utf8');
    assert.match(rejects, /nik_or_kk_required/, rejects);
    assert.match(rejects.split('\n')[0], /line/);
    const row = page.locator('tbody tr', { has: page.getByRole('cell', { name: batch, exact: true }) });
    await row.getByRole('cell', { name: 'bansos-e2e.csv' }).waitFor();
    await shot(page, 'imports');
    await row.getByRole('button', { name: `Batalkan batch ${batch}` }).click();
    const dialog = page.getByRole('dialog', { name: `Batalkan batch ${batch}` });
    await dialog.waitFor();
    await checkAccessibility(page, 'revert dialog');
    await dialog.getByLabel('Alasan pembatalan').fill('uji e2e: berkas salah periode');
    await dialog.getByRole('button', { name: 'Batalkan batch' }).click();
    await row.getByText(/^dibatalkan /).waitFor();
    const stored = await context.request.get(`${server.url}/api/v1/source-batches/${batch}`);
    assert.notEqual((await stored.json()).reverted_at, null);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
