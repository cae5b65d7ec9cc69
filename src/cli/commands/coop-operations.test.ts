import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_HEALTH_SETTINGS } from '../../cooperatives/health-settings-file.js';
import { buildCooperative } from '../../cooperatives/testing/coop-builders.js';
import { entas, lastJson } from '../../testing/cli.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../../testing/test-database.js';

describe.each(testEngines())('entas coop operations on %s', (kind) => {
  let testDatabase: TestDatabase;
  let coopId = 0;
  let memberId = 0;
  let freeVillage = '';
  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    const database = await testDatabase.open();
    const built = await buildCooperative(database, { members: 2 });
    coopId = built.cooperativeId;
    memberId = built.memberIds[0]!;
    freeVillage = (
      await database.db
        .selectFrom('regions')
        .select('code')
        .where('level', '=', 4)
        .where('code', 'like', '53.01.%')
        .where('code', '<>', built.villageCode)
        .orderBy('code')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).code;
    await database.close();
  });
  afterAll(() => testDatabase?.dispose());

  it('mentoring, health and exit with --json; errors name the option', async () => {
    const env = testDatabase.env;
    const c = String(coopId);
    const help = await entas(['coop', 'mentoring-record', '--help'], env);
    expect(help.stdout).toContain('--followup <action@YYYY-MM-DD>');
    const recorded = await entas(
      [
        'coop',
        'mentoring-record',
        '--coop',
        c,
        '--date',
        '2026-03-01',
        '--mentor',
        'Rina',
        '--topic',
        'Pembukuan',
        '--attendee',
        'Budi',
        '--followup',
        'Rekonsiliasi kas@2026-04-01',
        '--json',
      ],
      env,
    );
    expect(recorded.code).toBe(0);
    const { followup_ids } = lastJson(recorded.stdout) as { followup_ids: number[] };
    expect(followup_ids).toHaveLength(1);
    const bad = await entas(
      [
        'coop',
        'mentoring-record',
        '--coop',
        c,
        '--date',
        '2026-03-01',
        '--mentor',
        'R',
        '--topic',
        'T',
        '--followup',
        'no-date',
      ],
      env,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--followup expects action@YYYY-MM-DD');
    const closed = await entas(
      [
        'coop',
        'followup-close',
        '--coop',
        c,
        '--followup',
        String(followup_ids[0]),
        '--date',
        '2026-03-20',
        '--json',
      ],
      env,
    );
    expect(lastJson(closed.stdout)).toEqual({ followup_id: followup_ids[0], closed_on: '2026-03-20' });
    const health = await entas(['coop', 'health', '--coop', c, '--as-of', '2026-06-01', '--json'], env);
    const h = lastJson(health.stdout) as {
      components: { key: string; permille: number; applicable: boolean }[];
    };
    expect(h.components.find((x) => x.key === 'followups_closed')).toMatchObject({
      applicable: true,
      permille: 1000,
    });
    expect(
      (await entas(['--lang', 'id', 'coop', 'health', '--coop', c, '--as-of', '2026-06-01'], env)).stdout,
    ).toContain('skor kesehatan');
    // Weights and thresholds are configuration: only the follow-ups weigh here, so the score is theirs.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-health-'));
    const shipped = fs.readFileSync(SHIPPED_HEALTH_SETTINGS, 'utf8');
    const onlyFollowups = shipped.replace(
      /^( {2}[a-z_0-9]+): \d+$/gm,
      (_, key: string) => `${key}: ${key.trim() === 'followups_closed' ? 10 : 0}`,
    );
    fs.writeFileSync(path.join(dir, 'followups.yaml'), onlyFollowups);
    const configured = await entas(
      [
        'coop',
        'health',
        '--coop',
        c,
        '--as-of',
        '2026-06-01',
        '--settings',
        path.join(dir, 'followups.yaml'),
        '--json',
      ],
      env,
    );
    expect(lastJson(configured.stdout)).toMatchObject({ score: 100 });
    fs.writeFileSync(path.join(dir, 'bad.yaml'), shipped.replace('rat_deadline: ', 'rat_deadline: 13-01 #'));
    const badSettings = await entas(
      ['coop', 'health', '--coop', c, '--settings', path.join(dir, 'bad.yaml'), '--json'],
      env,
    );
    expect(badSettings.code).not.toBe(0);
    expect(badSettings.stderr).toContain('bad.yaml: rat_deadline must be a day of the year as MM-DD');
    fs.rmSync(dir, { recursive: true, force: true });
    const exit = await entas(
      ['coop', 'exit', '--member', String(memberId), '--date', '2026-07-01', '--key', 'x1', '--json'],
      env,
    );
    expect(exit.code).toBe(0);
    expect(lastJson(exit.stdout)).toMatchObject({
      left_on: '2026-07-01',
      refund: { total: 0 },
      replayed: false,
    });
    const check = await entas(['coop', 'register-check', '--coop', c, '--json'], env);
    expect(lastJson(check.stdout)).toMatchObject({ in_order: false });
  }, 600_000);

  it('founding checklist to a registered cooperative', async () => {
    const env = testDatabase.env;
    const start = await entas(
      ['coop', 'found', 'start', '--village', freeVillage, '--name', 'Kopdes Baru', '--json'],
      env,
    );
    expect(start.code).toBe(0);
    const id = String((lastJson(start.stdout) as { id: number }).id);
    const step = (...args: string[]) =>
      entas(['coop', 'found', 'step', '--founding', id, ...args, '--json'], env);
    expect((await step('--step', 'musdesus', '--date', '2026-01-05', '--document', 'BA-1')).code).toBe(0);
    const few = await step(
      '--step',
      'founders',
      '--date',
      '2026-01-06',
      '--document',
      'L',
      '--founders',
      '7',
    );
    expect(few.stderr).toContain('at least 9 founders');
    await step('--step', 'founders', '--date', '2026-01-06', '--document', 'L', '--founders', '9');
    await step('--step', 'ad_art', '--date', '2026-01-06', '--document', 'AD/ART');
    await step('--step', 'officers_elected', '--date', '2026-01-06', '--document', 'BA-2');
    await step(
      '--step',
      'legal_entity',
      '--date',
      '2026-02-01',
      '--document',
      'SK',
      '--legal-entity-no',
      'AHU-CLI-1',
    );
    await step(
      '--step',
      'bank_account',
      '--date',
      '2026-02-02',
      '--document',
      'R',
      '--bank',
      'BRI',
      '--account-no',
      '1',
    );
    const reg = await entas(['coop', 'found', 'register', '--founding', id, '--json'], env);
    expect(lastJson(reg.stdout)).toMatchObject({ status: 'registered', ready: true });
    expect((await entas(['coop', 'found', 'show', '--founding', id], env)).stdout).toContain(
      '[x] bank_account',
    );
  }, 600_000);
});
