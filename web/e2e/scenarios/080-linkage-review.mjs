import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, shot, users: { analyst } }) {
  test('linkage review: runs with quality figures; a pair side by side with weights; accept by keyboard', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, analyst);
    const runs = (await (await context.request.get(`${server.url}/api/v1/linkage/runs`)).json()).items;
    const run = runs.find((r) => r.review > 0);
    assert.ok(run, `a run with pairs to review: ${JSON.stringify(runs)}`);
    const queueBefore = (
      await (await context.request.get(`${server.url}/api/v1/linkage/runs/${run.id}/review`)).json()
    ).items;
    await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link', { name: 'Penautan' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Penautan data' }).waitFor();
    await page.getByRole('link', { name: `Tinjau proses ${run.id}` }).click();
    await page.waitForURL(new RegExp(`/linkage/${run.id}$`));
    const status = page.getByTestId('queue-status');
    await status
      .filter({ hasText: `${queueBefore.length.toLocaleString('id-ID')} pasangan tersisa` })
      .waitFor();
    const pair = page.locator('article.pair');
    await pair.getByRole('columnheader', { name: /^Kiri: / }).waitFor();
    await pair.getByRole('columnheader', { name: /^Kanan: / }).waitFor();
    await pair.getByRole('rowheader', { name: 'Nama' }).waitFor();
    await checkAccessibility(page, 'linkage review');
    await shot(page, 'linkage');
    const firstTitle = await pair.getByRole('heading', { level: 3 }).textContent();
    // The decision by keyboard: "a" accepts the pair on screen; the next one is there at once.
    await page.keyboard.press('a');
    await status
      .filter({ hasText: `${(queueBefore.length - 1).toLocaleString('id-ID')} pasangan tersisa` })
      .waitFor();
    await status.filter({ hasText: 'Keputusan terakhir: cocok' }).waitFor();
    if (queueBefore.length > 1) await pair.waitFor();
    // The server stored it: the pair left the run's queue.
    const decided = `${queueBefore[0].left_key}|${queueBefore[0].right_key}`;
    let after = [];
    for (let i = 0; i < 50; i++) {
      after = (await (await context.request.get(`${server.url}/api/v1/linkage/runs/${run.id}/review`)).json())
        .items;
      if (after.length === queueBefore.length - 1) break;
      await page.waitForTimeout(100);
    }
    assert.equal(after.length, queueBefore.length - 1);
    assert.ok(
      !after.some((p) => `${p.left_key}|${p.right_key}` === decided),
      'the decided pair left the queue',
    );
    assert.ok(firstTitle);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
