import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, newPage, signIn, shot, users: { analyst } }) {
  test('policies: an edit with a validation error at its line, then a simulation with charts and tables; axe', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, analyst);
    await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link', { name: 'Kebijakan' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Kebijakan penyasaran' }).waitFor();
    const editor = page.getByLabel('Teks kebijakan (YAML)');
    await page.waitForFunction(() =>
      (document.querySelector('.editor textarea')?.value ?? '').includes('rules:'),
    );
    const original = await editor.inputValue();
    const lines = original.split('\n');
    // Break the first rule's condition: the check must name that line, as `entas policy validate` does.
    const whenLine = lines.findIndex((l) => /^\s+when:/.test(l));
    assert.ok(whenLine >= 0, 'the policy has a rule with when:');
    const broken = [...lines];
    broken[whenLine] = broken[whenLine].replace(/when:.*/, 'when: household.no_such_field > 1');
    await editor.fill(broken.join('\n'));
    await page.getByRole('button', { name: 'Periksa' }).click();
    const diagnostics = page.getByRole('list', { name: 'Hasil pemeriksaan' });
    await diagnostics
      .getByText(new RegExp(`^Baris ${whenLine + 1}, kolom \\d+: error`))
      .first()
      .waitFor();
    await page.locator(`.gutter .marked[data-line="${whenLine + 1}"]`).waitFor();
    await checkAccessibility(page, 'policy editor with a diagnostic');
    await shot(page, 'policies');
    // Back to a valid text, compared with the stored version, simulated over the Kupang regency.
    await editor.fill(original.replace(/^version: (\d+)/m, (_, v) => `version: ${Number(v) + 1}`));
    await page.getByRole('button', { name: 'Periksa' }).click();
    await page.getByText(/^Kebijakan valid/).waitFor();
    await page.getByLabel('Bandingkan dengan versi').selectOption({ index: 1 });
    await page.waitForFunction(() =>
      (document.querySelectorAll('.editor textarea')[1]?.value ?? '').includes('rules:'),
    );
    await page.getByLabel('Wilayah simulasi (kosong = seluruh cakupan)').fill('53.01');
    await page.getByRole('button', { name: 'Simulasikan' }).click();
    const simulation = page.getByTestId('simulation');
    await simulation.locator('canvas').waitFor({ timeout: 120_000 });
    await simulation.getByRole('table', { name: 'Rumah tangga menurut perlakuan' }).waitFor();
    await simulation.getByRole('table', { name: 'Keadilan: galat penyasaran menurut kelompok' }).waitFor();
    const cost = await simulation.locator('.kpis dd').nth(1).textContent();
    assert.match(cost, /^Rp \d{1,3}(\.\d{3})*$/, `monthly cost in Rupiah: ${cost}`);
    await simulation.getByText(/rumah tangga berpindah perlakuan/).waitFor();
    await checkAccessibility(page, 'policy simulation');
    await shot(page, 'policy-simulation');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
