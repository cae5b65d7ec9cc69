import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';
import { PHONE, daysFromToday } from '../support.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, shot, users: { treasurer } }) {
  test('a cooperative treasurer on a 360 × 740 phone: own cooperative only, savings, loans and PAR, statement, SHU; axe', async () => {
    const { context, page, errors } = await newPage(PHONE);
    await signIn(page, treasurer, 'Koperasi');
    const coop = treasurer.cooperative;
    // Books for the page, posted through the API as the treasurer would from the counter (ledger:post).
    const headers = (key) => ({ 'X-Requested-With': 'e2e', 'Idempotency-Key': key });
    const members = (
      await (await context.request.get(`${server.url}/api/v1/cooperatives/${coop}/members?limit=50`)).json()
    ).items.filter((m) => m.left_on === null);
    assert.ok(members.length >= 2, 'two current members');
    const [a, b] = members;
    const post = async (path, key, data) => {
      const res = await context.request.post(`${server.url}/api/v1/cooperatives/${coop}/${path}`, {
        data,
        headers: headers(key),
      });
      assert.equal(res.status(), 201, await res.text());
      return res.json();
    };
    const deposited = daysFromToday(-200);
    const repaidOn = daysFromToday(-150);
    for (const [m, key] of [
      [a, 'e2e-dep-a'],
      [b, 'e2e-dep-b'],
    ])
      await post('savings-transactions', key, {
        kind: 'deposit',
        product: 'sukarela',
        member_id: m.id,
        amount: 500_000,
        date: deposited,
      });
    // Flat 12 % over 6 months: 50,000 principal + 3,000 interest a month; one instalment paid, the rest overdue.
    const loan = await post('loans', 'e2e-loan-a', {
      member_id: a.id,
      principal: 300_000,
      annual_rate_percent: '12',
      months: 6,
      method: 'flat',
      date: daysFromToday(-190),
    });
    const repaid = await post('loan-repayments', 'e2e-rep-a', {
      loan_id: loan.loan_id,
      amount: 53_000,
      date: repaidOn,
    });
    assert.deepEqual(repaid.allocation, { penalty: 0, interest: 3_000, principal: 50_000 });
    // Another cooperative is out of scope: it looks absent.
    const other = await context.request.get(`${server.url}/api/v1/cooperatives/${coop + 1}`);
    assert.equal(other.status(), 404);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Koperasi' }).waitFor();
    const list = page.getByRole('table', { name: 'Koperasi' });
    await list.locator('tbody tr').first().waitFor();
    assert.equal(await list.locator('tbody tr').count(), 1, 'only their own cooperative');
    const menu = await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link')
      .allTextContents();
    assert.ok(!menu.includes('Ikhtisar') && !menu.includes('Rumah tangga'), menu.join(', '));
    await checkAccessibility(page, 'cooperative list on a phone');
    await list.locator('tbody a').first().click();
    await page.getByRole('heading', { level: 2, name: 'Saldo simpanan anggota' }).waitFor();
    const savings = page.getByTestId('savings');
    await savings.locator('tfoot td').nth(2).filter({ hasText: 'Rp 1.000.000' }).waitFor();
    const par = page.getByTestId('par');
    await par.locator('dd').first().filter({ hasText: 'Rp 250.000' }).waitFor();
    assert.equal(await par.locator('dd').nth(1).textContent(), '100,00%');
    assert.equal(await par.locator('dd').nth(2).textContent(), '100,00%');
    await page.getByTestId('members').locator('tbody tr').first().waitFor();
    const nik = await page.getByTestId('members').locator('td.mono').first().textContent();
    assert.match(nik, /\*/, 'NIK masked without a stated purpose');
    // SHU of the repayment's year: 3,000 interest income; 40 % reserve, 30 % jasa usaha (all to A, the only
    // member who paid interest), 30 % jasa modal (A and B, 500,000 each): A 900 + 450, B 450.
    const shuForm = page.getByRole('form', { name: 'Pembagian SHU' });
    await shuForm.getByLabel('Tahun buku').fill(repaidOn.slice(0, 4));
    await shuForm.getByRole('button', { name: 'Hitung SHU' }).click();
    const shu = page.getByTestId('shu');
    await shu.getByText(`SHU ${repaidOn.slice(0, 4)}: Rp 3.000 (sisa pembulatan Rp 0).`).waitFor();
    const shares = shu.getByRole('table', { name: 'Bagian SHU anggota' });
    const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await shares
      .getByRole('row', { name: new RegExp(`^${escaped(a.name)} Rp 900 Rp 450 Rp 1\\.350$`) })
      .waitFor();
    await shares.getByRole('row', { name: new RegExp(`^${escaped(b.name)} Rp 0 Rp 450 Rp 450$`) }).waitFor();
    await checkAccessibility(page, 'cooperative books on a phone');
    await shot(page, 'cooperative-phone');
    // A member's statement: savings and the loan with running balances.
    await savings.getByRole('link', { name: a.name, exact: true }).click();
    const statement = page.getByTestId('statement');
    await statement.getByRole('heading', { name: `Rekening anggota: ${a.name}` }).waitFor();
    await statement.locator('tbody tr').nth(2).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `cooperative page is ${width} px wide on a ${PHONE.width} px screen`);
    await checkAccessibility(page, 'member statement on a phone');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
