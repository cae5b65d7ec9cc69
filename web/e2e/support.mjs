// What the scenarios share: viewports, page helpers bound to this run's browser and server, small checks.
import fs from 'node:fs';
import path from 'node:path';

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 740 };

/**
 * What a scenario file's default export receives: `test(name, fn)` to register its scenario, the server, the
 * seeded users, page helpers and `figures` (timings the runner prints at the end).
 * @typedef {{
 *   test: (name: string, fn: () => Promise<void>) => void,
 *   server: { url: string },
 *   users: Record<string, any>,
 *   newPage: (viewport?: { width: number, height: number }) => Promise<{ context: any, page: any, errors: unknown[] }>,
 *   signIn: (page: any, user: any, landing?: string) => Promise<void>,
 *   shot: (page: any, name: string) => Promise<void>,
 *   figures: Record<string, number>,
 * }} Suite
 */

/** Page helpers for one run: a fresh browser context per page, sign-in, screenshots when asked for. */
export function pageHelpers({ browser, server, screenshots }) {
  async function shot(page, name) {
    if (!screenshots) return;
    fs.mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  }

  async function newPage(viewport = DESKTOP) {
    const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Makassar' });
    context.setDefaultTimeout(45_000);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    // A signed-out page asks /auth/me whether a session exists; its 401 is the expected answer, not an error.
    const expected401 = (m) => m.text().includes('401') && m.location().url.endsWith('/api/v1/auth/me');
    page.on('console', (m) => m.type() === 'error' && !expected401(m) && errors.push(m.text()));
    return { context, page, errors };
  }

  async function signIn(page, user, landing = 'Ikhtisar') {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Nama pengguna').fill(user.username);
    await page.getByLabel('Kata sandi').fill(user.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { level: 1, name: landing }).waitFor();
  }

  return { shot, newPage, signIn };
}

/** A date `days` from today, YYYY-MM-DD (the server computes arrears against today). */
export function daysFromToday(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The page's width and, when wider than the screen, the elements that stick out (for the failure message). */
export async function pageWidth(page) {
  return page.evaluate(() => {
    const width = document.documentElement.scrollWidth;
    const screen = window.innerWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > screen + 1)
      .slice(0, 8)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${el.className} → ${Math.round(el.getBoundingClientRect().right)}`,
      );
    return { width, wide: wide.join('; ') };
  });
}

/** Overview is ready when the KPI shows the household count and the map canvas is drawn. */
export async function overviewReady(page) {
  await page
    .locator('.kpis dd')
    .first()
    .filter({ hasText: /^\d{1,3}([.,]\d{3})*$/ })
    .waitFor();
  await page.locator('figure.map canvas').waitFor();
}
