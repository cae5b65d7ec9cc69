import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';
import { PHONE, pageWidth } from '../support.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, shot, users: { clerk, officer, treasurer } }) {
  test('jobs: a Kemensos officer starts a targeting report and watches it finish; only the kinds the server allows; hidden from roles without it; axe', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, clerk);
    await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link', { name: 'Pekerjaan batch' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Pekerjaan batch' }).waitFor();
    const listed = await (await context.request.get(`${server.url}/api/v1/jobs`)).json();
    const kind = page.getByLabel('Jenis');
    const offered = await kind.locator('option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(offered, listed.submittable);
    assert.ok(!offered.includes('policy-apply'), 'a Kemensos officer may not apply policies');
    await checkAccessibility(page, 'jobs');
    await kind.selectOption('targeting-report');
    await page.getByLabel('Program').selectOption({ index: 1 });
    const program = await page.getByLabel('Program').inputValue();
    await page.getByRole('button', { name: 'Mulai: Laporan ketepatan sasaran' }).click();
    const notice = page.getByRole('status').filter({ hasText: /Pekerjaan \d+ diajukan/ });
    await notice.waitFor();
    const id = Number(/Pekerjaan (\d+)/.exec(await notice.textContent())[1]);
    // The list refreshes by itself while the job runs; the row ends "selesai" with every part done.
    const row = page.getByTestId(`job-${id}`);
    await row.filter({ hasText: 'selesai' }).waitFor({ timeout: 120_000 });
    const job = await (await context.request.get(`${server.url}/api/v1/jobs/${id}`)).json();
    assert.equal(job.job.state, 'done');
    assert.equal(job.job.kind, 'targeting-report');
    assert.equal(job.job.params.program, program);
    assert.equal(job.job.created_by, clerk.username);
    assert.ok(
      (await row.textContent()).includes(`${job.job.parts.done} dari ${job.job.parts.total} bagian selesai`),
    );
    await checkAccessibility(page, 'jobs with a finished job');
    await shot(page, 'jobs');
    assert.deepEqual(errors, []);
    await context.close();

    // On a phone the page fits; in English too.
    const phone = await newPage(PHONE);
    await signIn(phone.page, clerk);
    await phone.page.getByLabel('Bahasa').selectOption('en');
    await phone.page.goto(`${server.url}/jobs`);
    await phone.page.getByRole('heading', { level: 1, name: 'Batch jobs' }).waitFor();
    await phone.page.getByTestId(`job-${id}`).filter({ hasText: 'done' }).waitFor();
    const { width, wide } = await pageWidth(phone.page);
    assert.ok(width <= PHONE.width, `jobs page is ${width} px wide on a ${PHONE.width} px screen: ${wide}`);
    await phone.context.close();

    // Roles without batches:read (a pemda officer, a cooperative's treasurer) have no menu entry.
    for (const [user, landing] of [
      [officer, 'Ikhtisar'],
      [treasurer, 'Koperasi'],
    ]) {
      const other = await newPage();
      await signIn(other.page, user, landing);
      const menu = other.page.getByRole('navigation', { name: 'Menu utama' });
      await menu.getByRole('link').first().waitFor();
      assert.equal(await menu.getByRole('link', { name: 'Pekerjaan batch' }).count(), 0);
      await other.context.close();
    }
  });
}
