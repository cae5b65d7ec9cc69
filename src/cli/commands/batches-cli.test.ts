import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dtsenRow, kk, toCsv } from '../../intake/testing/builders.js';
import { entas, lastJson } from '../../testing/cli.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../../testing/test-database.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-batches-cli-'));

describe.each(testEngines())('entas batches and batch revert on %s', (kind) => {
  let testDatabase: TestDatabase;
  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
  });
  afterAll(() => testDatabase?.dispose());

  it('lists batches under a header in the chosen language and reverts only with a reason', async () => {
    const env = testDatabase.env;
    const file = path.join(dir, `${kind}-dtsen.csv`);
    fs.writeFileSync(file, toCsv([dtsenRow(), dtsenRow({ NO_KK: kk(2), KODE_WILAYAH: '' })]));
    const imported = await entas(['import', 'dtsen', file, '--snapshot-date', '2026-01-31', '--json'], env);
    expect(imported.code).toBe(0);
    const batchId = (lastJson(imported.stdout) as { batch_id: number }).batch_id;

    const english = (await entas(['batches'], env)).stdout.trim().split('\n');
    expect(english).toHaveLength(2);
    expect(english[0]!.split(/\s{2,}/).map((h) => h.trim())).toEqual([
      'id',
      'source',
      'period/date',
      'accepted',
      'rows',
      'rejected',
      'imported (UTC)',
      'status',
      'file',
    ]);
    expect(english[1]).toMatch(new RegExp(`^\\s*${batchId}\\s+dtsen\\s+2026-01-31\\s+1\\s+2\\s+1\\s+`));
    const indonesian = (await entas(['batches'], { ...env, ENTAS_LANG: 'id' })).stdout.trim().split('\n');
    expect(indonesian[0]).toMatch(
      /^\s*id\s+sumber\s+periode\/tanggal\s+diterima\s+baris\s+ditolak\s+diimpor/,
    );
    expect(indonesian[1]).toContain('diimpor');
    expect((await entas(['--lang', 'id', 'batches'], env)).stdout).toContain('sumber');

    // The revert is audited: without a reason (or with an empty one) it refuses and changes nothing.
    const noReason = await entas(['batch', 'revert', String(batchId), '--json'], env);
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toContain("required option '--reason <text>' not specified");
    const blank = await entas(['batch', 'revert', String(batchId), '--reason', ' ', '--json'], env);
    expect([blank.code, blank.stderr.trim()]).toEqual([
      2,
      'entas: --reason must say why the batch is reverted (it is kept in the audit log)',
    ]);
    expect((await entas(['batches'], env)).stdout).not.toContain('reverted');
    const reverted = await entas(['batch', 'revert', String(batchId), '--reason', 'wrong quarter'], {
      ...env,
      ENTAS_LANG: 'id',
    });
    expect(reverted.stdout).toMatch(new RegExp(`^batch ${batchId} dibatalkan: `));
    expect((await entas(['batches'], env)).stdout).toContain('reverted');
  }, 240_000);

  it('prints an error in Bahasa Indonesia by default and in English with --lang en or an English locale', async () => {
    const env = { ...testDatabase.env, ENTAS_LANG: '', LC_ALL: '', LANG: 'C.UTF-8' };
    const byDefault = await entas(['batch', 'show', '999'], env);
    expect([byDefault.code, byDefault.stderr.trim()]).toEqual([
      2,
      'entas: batch 999 tidak ditemukan (lihat `entas batches`)',
    ]);
    const english = 'entas: batch 999 not found (see `entas batches`)';
    expect((await entas(['batch', 'show', '999', '--lang', 'en'], env)).stderr.trim()).toBe(english);
    expect((await entas(['batch', 'show', '999'], { ...env, LANG: 'en_US.UTF-8' })).stderr.trim()).toBe(
      english,
    );
    expect((await entas(['batch', 'show', '999'], { ...env, ENTAS_LANG: 'en' })).stderr.trim()).toBe(english);
    const badLang = await entas(['batch', 'show', '999', '--lang', 'fr'], env);
    expect(badLang.code).not.toBe(0);
    expect(badLang.stderr).toContain('gunakan id atau en');
  }, 120_000);
});
