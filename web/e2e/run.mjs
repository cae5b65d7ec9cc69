// `npm run test:e2e`: the dashboard in Debian's Chromium against a seeded server (see harness.mjs).
// `npm run screenshots` (--screenshots): the same run also writes docs/screenshots/*.png (Bahasa Indonesia).
// Each scenario is a file in scenarios/ (run in file-name order); E2E_ONLY=regex runs the matching ones.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser, ROOT, runner, seed, startServer } from './harness.mjs';
import { pageHelpers } from './support.mjs';

const SCENARIOS = path.join(ROOT, 'web', 'e2e', 'scenarios');
const screenshots = process.argv.includes('--screenshots') ? path.join(ROOT, 'docs', 'screenshots') : null;

const seeded = seed();
const server = await startServer(seeded);
const browser = await launchBrowser();
const { test, run } = runner();
const figures = {};
const suite = {
  test,
  server,
  users: seeded.users,
  figures,
  ...pageHelpers({ browser, server, screenshots }),
};

let failed = 1;
try {
  for (const file of fs
    .readdirSync(SCENARIOS)
    .filter((f) => f.endsWith('.mjs'))
    .sort()) {
    const scenario = await import(pathToFileURL(path.join(SCENARIOS, file)).href);
    scenario.default(suite);
  }
  failed = await run();
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(seeded.dataDir, { recursive: true, force: true });
}
if (figures.firstLoadMs !== undefined) {
  console.log(
    `e2e: overview first load ${figures.firstLoadMs} ms (cold cache), reload ${figures.warmLoadMs} ms, on ${process.env.E2E_HOUSEHOLDS ?? 20000} demo households`,
  );
}
process.exit(failed === 0 ? 0 : 1);
