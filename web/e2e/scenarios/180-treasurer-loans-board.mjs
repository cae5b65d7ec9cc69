import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';
import { PHONE, daysFromToday } from '../support.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, shot, users: { treasurer } }) {
  test('a treasurer on a phone disburses a loan, records a member exit with its refund, the board and the RAT; axe', async () => {
    const { context, page, errors } = await newPage(PHONE);
    await signIn(page, treasurer, 'Koperasi');
    const coop = treasurer.cooperative;
    const get = async (url) => (await context.request.get(`${server.url}/api/v1${url}`)).json();
    const savings = (await get(`/cooperatives/${coop}/savings`)).items;
    const loans = (await get(`/cooperatives/${coop}/loans`)).loans;
    const borrowers = new Set(loans.filter((l) => l.principal_outstanding > 0).map((l) => l.member_id));
    const [borrower, leaver] = savings.filter((m) => !borrowers.has(m.member_id));
    assert.ok(borrower && leaver, 'two members without a loan');
    // The books refuse to take cash below zero (account 1100): a deposit through the API funds the loan first.
    const funded = await context.request.post(
      `${server.url}/api/v1/cooperatives/${coop}/savings-transactions`,
      {
        headers: { 'X-Requested-With': 'e2e', 'Idempotency-Key': `e2e-fund-${Date.now()}` },
        data: {
          kind: 'deposit',
          product: 'sukarela',
          member_id: borrower.member_id,
          amount: 3_000_000,
          date: daysFromToday(0),
        },
      },
    );
    assert.equal(funded.status(), 201, await funded.text());
    await page.goto(`${server.url}/cooperatives/${coop}/post`);
    // A loan: disbursed through the posting API; the portfolio lists it with the principal.
    const disburse = page.getByRole('form', { name: 'Pencairan pinjaman anggota' });
    await disburse
      .locator(`select[name=member_id] option[value="${borrower.member_id}"]`)
      .waitFor({ state: 'attached' });
    await disburse.getByLabel('Anggota').selectOption(String(borrower.member_id));
    await disburse.getByLabel('Pokok pinjaman (Rp, tanpa titik)').fill('1500000');
    await disburse.getByLabel('Jangka waktu (bulan)').fill('10');
    await disburse.getByLabel('Cara angsuran').selectOption('flat');
    await disburse.getByRole('button', { name: 'Cairkan pinjaman' }).click();
    // A refusal names the server's reason in the failure.
    const refused = disburse.getByRole('alert');
    await refused
      .or(page.getByTestId('loan-disbursed').filter({ hasText: /^Pinjaman/ }))
      .first()
      .waitFor();
    if (await refused.count()) assert.fail(`disbursement refused: ${await refused.textContent()}`);
    const disbursed = await page
      .getByTestId('loan-disbursed')
      .filter({ hasText: /^Pinjaman \d+ sebesar Rp\s?1\.500\.000/ })
      .textContent();
    const loanId = Number(/^Pinjaman (\d+)/.exec(disbursed)[1]);
    const loan = (await get(`/cooperatives/${coop}/loans`)).loans.find((l) => l.loan_id === loanId);
    assert.equal(loan.member_id, borrower.member_id);
    assert.equal(loan.principal_outstanding, 1_500_000);
    // An exit: the refund is the member's pokok + wajib + sukarela, shown per product.
    const exit = page.getByRole('form', { name: 'Anggota keluar' });
    await exit.getByLabel('Anggota').selectOption(String(leaver.member_id));
    await checkAccessibility(page, 'loan and exit forms on a phone');
    await exit.getByRole('button', { name: 'Catat keluar dan kembalikan simpanan' }).click();
    const total = leaver.pokok + leaver.wajib + leaver.sukarela;
    const refund = await page
      .getByTestId('member-exited')
      .filter({ hasText: /keluar; dikembalikan/ })
      .textContent();
    assert.match(
      refund,
      new RegExp(`dikembalikan Rp\\s?${total.toLocaleString('id-ID').replace(/\./g, '\\.')} `),
    );
    const history = await get(`/cooperative-members/${leaver.member_id}/history`);
    assert.notEqual(history.member.left_on, null, JSON.stringify(history.member));
    // The board: appoint a supervisor (the registrar's check is shown as the server words it), end the term.
    const sections = page.getByRole('navigation', { name: 'Bagian koperasi' });
    await sections.getByRole('link', { name: 'Pengurus dan RAT' }).click();
    await page.getByRole('heading', { level: 2, name: 'Pengurus dan pengawas' }).waitFor();
    await page.getByTestId('register-status').waitFor();
    const check = await get(`/cooperatives/${coop}/register-check`);
    assert.equal(
      await page.getByRole('list', { name: 'Temuan pemeriksaan pencatatan' }).locator('li').count(),
      check.findings.length,
    );
    const appoint = page.getByRole('form', { name: 'Angkat pengurus atau pengawas' });
    await appoint.locator('select[name=position]').selectOption('pengawas');
    await appoint.getByLabel('Nama', { exact: true }).fill('Pengawas Uji E2E');
    await appoint.getByRole('button', { name: 'Angkat' }).click();
    const officers = page.getByTestId('officers');
    await officers.getByRole('cell', { name: 'Pengawas Uji E2E', exact: true }).waitFor();
    await checkAccessibility(page, 'board on a phone');
    await shot(page, 'cooperative-board-phone');
    await officers.getByRole('button', { name: 'Akhiri masa jabatan Pengawas Uji E2E' }).click();
    const end = page.getByRole('dialog', { name: 'Akhiri masa jabatan' });
    await end.waitFor();
    await checkAccessibility(page, 'end term dialog');
    await end.getByRole('button', { name: 'Ya, akhiri masa jabatan Pengawas Uji E2E' }).click();
    await officers
      .getByRole('cell', { name: 'Pengawas Uji E2E', exact: true })
      .waitFor({ state: 'detached' });
    const after = await get(`/cooperatives/${coop}/register-check`);
    assert.ok(!after.officers.some((o) => o.name === 'Pengawas Uji E2E'), 'term ended on the server');
    // The RAT of last book year.
    const rat = page.getByRole('form', { name: 'Rapat anggota tahunan (RAT)' });
    await rat.getByRole('button', { name: 'Catat RAT' }).click();
    await page
      .getByTestId('rat-recorded')
      .filter({ hasText: /^RAT tahun buku \d{4} dicatat/ })
      .waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `board is ${width} px wide`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
