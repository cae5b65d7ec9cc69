import assert from 'node:assert/strict';
import { checkAccessibility } from '../harness.mjs';
import { PHONE, overviewReady, pageWidth } from '../support.mjs';

/** @param {import('../support.mjs').Suite} suite */
export default function ({ test, server, newPage, signIn, shot, users: { analyst } }) {
  test('a 360 × 740 phone: overview and household list fit the width; axe', async () => {
    const { context, page } = await newPage(PHONE);
    await signIn(page, analyst);
    await overviewReady(page);
    // Everything the overview loads after its first figures, the enrolment funnel among them.
    await page.getByTestId('enrolment-funnel').waitFor();
    const { width, wide } = await pageWidth(page);
    assert.ok(width <= PHONE.width, `page is ${width} px wide on a ${PHONE.width} px screen: ${wide}`);
    await checkAccessibility(page, 'overview on a phone');
    await shot(page, 'overview-phone');
    await page.goto(`${server.url}/households?region=53.01`);
    await page.locator('tbody tr').first().waitFor();
    const listWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(listWidth <= PHONE.width, `household list is ${listWidth} px wide`);
    await context.close();
  });
}
