import assert from 'node:assert/strict';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, newPage, signIn, users: { officer } }) {
  test('menus follow the role: a pemda officer sees no national overview data outside its scope', async () => {
    const { context, page } = await newPage();
    await signIn(page, officer);
    await page.getByText('Cakupan: Kabupaten Kupang').waitFor();
    const menu = await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link')
      .allTextContents();
    assert.deepEqual(menu, [
      'Ikhtisar',
      'Wilayah',
      'Rumah tangga',
      'Monev',
      'Koperasi',
      'Pendirian koperasi',
      'Uji coba',
      'Daftar kerja',
      'Laporan',
      'Administrasi',
    ]);
    await context.close();
  });
}
