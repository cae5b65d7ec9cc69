import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';
import { PHONE, daysFromToday, pageWidth } from '../support.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, shot, users: { treasurer } }) {
  test('a treasurer on a phone posts a deposit and a repayment, sees the health score, records and closes a mentoring follow-up; axe', async () => {
    const { context, page, errors } = await newPage(PHONE);
    await signIn(page, treasurer, 'Koperasi');
    const coop = treasurer.cooperative;
    const get = async (url) => (await context.request.get(`${server.url}/api/v1${url}`)).json();
    const members = (await get(`/cooperatives/${coop}/members?limit=50`)).items.filter(
      (m) => m.left_on === null,
    );
    const [a, b] = members;
    const sukarela = async (id) =>
      (await get(`/cooperatives/${coop}/savings`)).items.find((x) => x.member_id === id).sukarela;
    const before = await sukarela(b.id);
    await page.goto(`${server.url}/cooperatives/${coop}`);
    const sections = page.getByRole('navigation', { name: 'Bagian koperasi' });
    await sections.getByRole('link', { name: 'Catat transaksi' }).waitFor();
    assert.deepEqual(await sections.getByRole('link').allTextContents(), [
      'Buku dan anggota',
      'Kesehatan dan pendampingan',
      'Catat transaksi',
      'Pengurus dan RAT',
    ]);
    await sections.getByRole('link', { name: 'Catat transaksi' }).click();
    await page.getByRole('heading', { level: 2, name: 'Catat transaksi' }).waitFor();
    // A deposit: the server books it and the balance moves by the amount.
    const savingsForm = page.getByRole('form', { name: 'Setoran atau penarikan simpanan' });
    await savingsForm
      .locator(`select[name=member_id] option[value="${b.id}"]`)
      .waitFor({ state: 'attached' });
    await savingsForm.getByLabel('Jenis transaksi').selectOption('deposit');
    await savingsForm.getByLabel('Jenis simpanan').selectOption('sukarela');
    await savingsForm.getByLabel('Anggota').selectOption(String(b.id));
    await savingsForm.getByLabel('Jumlah (Rp, tanpa titik)').fill('125000');
    await checkAccessibility(page, 'posting forms on a phone');
    await shot(page, 'cooperative-posting-phone');
    await savingsForm.getByRole('button', { name: 'Bukukan simpanan' }).click();
    await savingsForm
      .getByRole('status')
      .filter({ hasText: new RegExp(`^Dibukukan pada jurnal \\d+: setoran sukarela Rp 125\\.000 untuk `) })
      .waitFor();
    assert.equal(await sukarela(b.id), before + 125_000);
    // Pokok cannot be withdrawn while one is a member: the server's message shows at the form.
    await savingsForm.getByLabel('Jenis transaksi').selectOption('withdraw');
    await savingsForm.getByLabel('Jenis simpanan').selectOption('pokok');
    await savingsForm.getByLabel('Anggota').selectOption(String(b.id));
    await savingsForm.getByLabel('Jumlah (Rp, tanpa titik)').fill('1000');
    await savingsForm.getByRole('button', { name: 'Bukukan simpanan' }).click();
    await savingsForm.getByRole('alert').filter({ hasText: 'tidak dapat ditarik' }).waitFor();
    assert.equal(await sukarela(b.id), before + 125_000, 'nothing posted');
    // The browser logs the refusal (409, a business-rule conflict) as a console error: the one expected here.
    const refusal = errors.findIndex((e) => String(e).includes('status of 409'));
    assert.ok(refusal >= 0, 'the refusal was a 409');
    errors.splice(refusal, 1);
    // A repayment of the overdue loan: the principal it pays comes off the outstanding.
    const loanOf = async () =>
      (await get(`/cooperatives/${coop}/loans`)).loans.find(
        (l) => l.member_id === a.id && l.principal === 300_000,
      );
    const loan = await loanOf();
    const repayForm = page.getByRole('form', { name: 'Angsuran pinjaman' });
    await repayForm.getByLabel('Pinjaman').selectOption(String(loan.loan_id));
    await repayForm.getByLabel('Jumlah (Rp, tanpa titik)').fill('53000');
    await repayForm.getByRole('button', { name: 'Bukukan angsuran' }).click();
    const repaid = page.getByTestId('repayment-posted');
    await repaid.filter({ hasText: /^Angsuran Rp 53\.000 dibukukan pada jurnal \d+: denda Rp / }).waitFor();
    const principal = Number(/pokok Rp ([\d.]+)\.$/.exec(await repaid.textContent())[1].replace(/\./g, ''));
    assert.ok(principal > 0, await repaid.textContent());
    assert.equal((await loanOf()).principal_outstanding, loan.principal_outstanding - principal);
    let { width, wide } = await pageWidth(page);
    assert.ok(
      width <= PHONE.width,
      `posting page is ${width} px wide on a ${PHONE.width} px screen: ${wide}`,
    );

    // Health score: the seven components and the same score as the API.
    await sections.getByRole('link', { name: 'Kesehatan dan pendampingan' }).click();
    await page.getByRole('heading', { level: 2, name: 'Skor kesehatan koperasi' }).waitFor();
    const health = await get(`/cooperatives/${coop}/health`);
    await page.getByTestId('health-score').getByText(`Skor ${health.score} dari 100`).waitFor();
    assert.equal(await page.getByTestId('health-components').locator('tbody tr').count(), 7);
    await page.getByRole('rowheader', { name: 'Portofolio berisiko (PAR30)' }).waitFor();
    // A mentoring session with a follow-up, then the follow-up closed in its dialog.
    const record = page.getByRole('form', { name: 'Catat sesi pendampingan' });
    await record.getByLabel('Pendamping', { exact: true }).fill('Pendamping e2e');
    await record.getByLabel('Topik').fill('Pembukuan simpanan sukarela');
    await record.getByLabel('Peserta (satu nama per baris)').fill(`${a.name}\n${b.name}`);
    await record.getByLabel('Temuan').fill('Kas harian belum direkonsiliasi.');
    await record.getByLabel('Tindak lanjut 1', { exact: true }).fill('Rekonsiliasi kas mingguan');
    await record.getByLabel('Tenggat tindak lanjut 1').fill(daysFromToday(14));
    await checkAccessibility(page, 'health and mentoring on a phone');
    await shot(page, 'cooperative-health-phone');
    await record.getByRole('button', { name: 'Simpan sesi' }).click();
    await page.getByText(/^Sesi \d+ dicatat dengan 1 tindak lanjut\.$/).waitFor();
    await page.getByRole('heading', { level: 3, name: /Pembukuan simpanan sukarela$/ }).waitFor();
    await page.getByRole('button', { name: 'Tutup: Rekonsiliasi kas mingguan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tutup tindak lanjut' });
    await dialog.getByLabel('Catatan').fill('rekonsiliasi pertama selesai');
    await checkAccessibility(page, 'close follow-up dialog');
    await dialog.getByRole('button', { name: 'Tutup tindak lanjut' }).click();
    await page.getByText('Tindak lanjut "Rekonsiliasi kas mingguan" ditutup.').waitFor();
    await page.getByRole('cell', { name: /^selesai .* \(e2e-bendahara/ }).waitFor();
    const sessions = await get(`/cooperatives/${coop}/mentoring-sessions`);
    const stored = sessions.items.find((x) => x.topic === 'Pembukuan simpanan sukarela');
    assert.deepEqual(stored.attendees, [a.name, b.name]);
    assert.equal(stored.followups[0].closing_note, 'rekonsiliasi pertama selesai');
    assert.notEqual(stored.followups[0].closed_on, null);
    ({ width, wide } = await pageWidth(page));
    assert.ok(width <= PHONE.width, `health page is ${width} px wide on a ${PHONE.width} px screen: ${wide}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
