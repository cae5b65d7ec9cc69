import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../testing/test-database.js';
import { resolveHeaders } from './header-match.js';
import { PARALLEL_MIN_BYTES } from './parallel/parallel-import.js';
import { PROFILES } from './profiles/index.js';
import { openCsv } from './readers/csv-reader.js';
import { emptyCounts, stagingLines } from './row-pipeline.js';
import { cooperativeRow, dtsenRow, kk, nik, officerRow, OTHER_VILLAGE, toCsv } from './testing/builders.js';
import { loadValidationContext } from './validation-context.js';
import { writeDtsenFile } from './testing/dtsen-file.js';
import { entas, ENTAS_BIN as bin } from '../testing/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-import-cli-'));
const lastJson = (stdout: string): Record<string, unknown> =>
  JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;

async function counts(testDatabase: TestDatabase) {
  const database = await testDatabase.open();
  try {
    const count = async (table: 'source_batches' | 'households' | 'persons' | 'household_snapshots') =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      batches: await count('source_batches'),
      households: await count('households'),
      persons: await count('persons'),
      snapshots: await count('household_snapshots'),
    };
  } finally {
    await database.close();
  }
}

describe.each(testEngines())('entas import CLI on %s', (kind) => {
  let testDatabase: TestDatabase;
  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
  });
  afterAll(() => testDatabase?.dispose());

  it('imports, lists, shows and reverts a batch with --json', async () => {
    const file = path.join(dir, `${kind}-small.csv`);
    fs.writeFileSync(
      file,
      toCsv([dtsenRow(), dtsenRow({ NO_KK: kk(2), NIK: '', NAMA: 'Tanpa Desa', KODE_WILAYAH: '' })]),
    );
    const env = testDatabase.env;
    const imported = await entas(['import', 'dtsen', file, '--snapshot-date', '2026-01-31', '--json'], env);
    expect(imported.code).toBe(0);
    const result = lastJson(imported.stdout);
    expect(result).toMatchObject({ status: 'imported', rows: 2, accepted: 1, rejected: 1 });
    expect(Object.keys(result).sort()).toEqual([
      'accepted',
      'batch_id',
      'rejected',
      'rejects_file',
      'rows',
      'status',
      'warnings',
    ]);
    expect(fs.readFileSync(result.rejects_file as string, 'utf8')).toContain('3,KODE_WILAYAH,,required');
    const again = lastJson((await entas(['import', 'dtsen', file, '--json'], env)).stdout);
    expect(again).toMatchObject({ status: 'already_imported', batch_id: result.batch_id });
    const list = lastJson((await entas(['batches', '--json'], env)).stdout) as unknown as {
      id: number;
      rows_total: number;
    }[];
    expect(list.map((b) => [b.id, b.rows_total])).toEqual([[result.batch_id, 2]]);
    const shown = lastJson((await entas(['batch', 'show', String(result.batch_id), '--json'], env)).stdout);
    expect(shown.current_rows).toMatchObject({ households: 1, persons: 1, household_snapshots: 1 });
    const reverted = await entas(
      ['batch', 'revert', String(result.batch_id), '--reason', 'test', '--json'],
      env,
    );
    expect(lastJson(reverted.stdout)).toMatchObject({ status: 'reverted', changes: { persons_deleted: 1 } });
    const missing = await entas(['batch', 'show', '999'], env);
    expect([missing.code, missing.stderr.trim()]).toEqual([
      2,
      'entas: batch 999 not found (see `entas batches`)',
    ]);
    const inspected = lastJson((await entas(['import', 'inspect', file, '--json'], env)).stdout);
    expect(inspected.suggested_profile).toBe('dtsen');
  }, 240_000);

  it('imports a register of officers and prints the registrar’s checks', async () => {
    const env = testDatabase.env;
    const coops = path.join(dir, `${kind}-coops.csv`);
    fs.writeFileSync(coops, toCsv([cooperativeRow()]));
    expect((await entas(['import', 'cooperatives', coops, '--json'], env)).code).toBe(0);
    const file = path.join(dir, `${kind}-pengurus.csv`);
    fs.writeFileSync(
      file,
      toCsv([officerRow(), officerRow({ NIK: nik('1970-04-04', 'L', 24), JABATAN: 'x' })]),
    );
    const text = await entas(['import', 'officers', file], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('1 accepted, 1 rejected');
    expect(text.stdout).toContain('KDMP-3374011001: register NOT in order');
    expect(text.stdout).toContain('error: no sekretaris among the pengurus');
    const json = lastJson((await entas(['import', 'officers', file, '--json'], env)).stdout) as {
      status: string;
    };
    expect(json.status).toBe('already_imported');
  });

  it('a killed import (kill -9) leaves the database as before, and the same command then succeeds', async () => {
    const file = path.join(dir, `${kind}-large.csv`);
    await writeDtsenFile(file, 40_000);
    const before = await counts(testDatabase);
    const child = spawn(
      process.execPath,
      [bin, 'import', 'dtsen', file, '--snapshot-date', '2026-02-28', '--json'],
      {
        // Progress from the first rows on, so a line arrives while the transaction is surely still open.
        env: { ...process.env, ...testDatabase.env, ENTAS_PROGRESS_MS: '0' },
      },
    );
    let stderr = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // The first non-final progress line: rows are streaming inside the open transaction (a final line
        // comes after the commit, so killing then would test nothing).
        if (/"final":false/.test(stderr)) resolve();
      });
      child.on('exit', () => resolve());
    });
    expect(stderr).not.toContain('"final":true');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await counts(testDatabase)).toEqual(before);
    const rerun = await entas(
      ['import', 'dtsen', file, '--snapshot-date', '2026-02-28', '--json', '--quiet'],
      testDatabase.env,
    );
    expect(rerun.code).toBe(0);
    expect(lastJson(rerun.stdout)).toMatchObject({
      status: 'imported',
      rows: 40_000,
      accepted: 40_000,
      rejected: 0,
    });
    const after = await counts(testDatabase);
    expect(after.persons - before.persons).toBe(40_000);
    expect(after.batches - before.batches).toBe(1);
  }, 300_000);

  it('validates a large file on worker threads with the outcome of the main thread', async () => {
    const file = path.join(dir, `${kind}-parallel.csv`);
    await writeDtsenFile(file, 190_000);
    // Defects in the middle and at the end; distinct households, so no check in SQL rejects more.
    const defects = (at: number) =>
      toCsv(
        [
          dtsenRow({ NO_KK: kk(at + 1), NIK: '337401010180000' }),
          dtsenRow({ NO_KK: kk(at + 2), NIK: '', TANGGAL_LAHIR: '31/02/1990' }),
          dtsenRow({ NO_KK: kk(at + 3), NIK: '', KODE_WILAYAH: '33.74.01.9999' }),
          dtsenRow({ NO_KK: kk(at + 4), NIK: '', DESIL: '11', ALAMAT: 'RT 01\r\nRW "02"' }),
          dtsenRow({ NO_KK: kk(at + 5), NIK: '', ALAMAT: 'RT 01\nRW 02' }),
          dtsenRow({
            NO_KK: kk(at + 6),
            NIK: nik('1960-01-01', 'L', at + 6, '33.99.01'),
            TANGGAL_LAHIR: '1960-01-01',
          }),
          dtsenRow({
            NO_KK: kk(at + 7),
            NIK: nik('1970-02-02', 'L', at + 7),
            JENIS_KELAMIN: 'P',
            TANGGAL_LAHIR: '1970-02-03',
            KODE_WILAYAH: OTHER_VILLAGE,
          }),
        ].map((r) => ({ ...r, PEKERJAAN: 'nelayan' })),
      ).replace(/^.*\n/, '');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.splice(95_000, 0, defects(100).replace(/\n$/, ''));
    fs.writeFileSync(file, lines.join('\n') + defects(200));
    expect(fs.statSync(file).size).toBeGreaterThan(PARALLEL_MIN_BYTES);

    // The main thread's outcome, before the checks in SQL (there are none to fail here).
    const expected = emptyCounts();
    const scratch = fs.mkdtempSync(path.join(dir, 'expected-'));
    const database = await testDatabase.open();
    try {
      const context = await loadValidationContext(database.db, {
        today: new Date().toISOString().slice(0, 10),
        withCooperatives: false,
      });
      const table = await openCsv(file, { encoding: 'utf-8' });
      const profile = PROFILES.dtsen;
      const sinks = {
        rejectsPath: path.join(scratch, 'r'),
        warningsPath: path.join(scratch, 'w'),
        batchId: 0,
      };
      const resolution = resolveHeaders(table.headers, profile.fields);
      const staged = stagingLines(
        table,
        resolution,
        profile,
        profile.createValidator(context),
        sinks,
        expected,
      );
      for await (const text of staged) expect(text).toBeTruthy();
    } finally {
      await database.close();
    }
    const rejects = (rows: string[][], line: number, field: number, code: number) =>
      rows.map((r) => `${r[line]} ${r[field]} ${r[code]}`);
    const expectedRejects = rejects(
      fs
        .readFileSync(path.join(scratch, 'r'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('\t')),
      0,
      2,
      4,
    );
    expect(expectedRejects).toHaveLength(8);
    expect(expected).toMatchObject({ rows: 190_014, rejected: 8 });

    const imported = await entas(
      ['import', 'dtsen', file, '--snapshot-date', '2026-03-31', '--json', '--quiet'],
      testDatabase.env,
    );
    expect(imported.stderr).toBe('');
    const result = lastJson(imported.stdout);
    expect(result).toMatchObject({
      status: 'imported',
      rows: expected.rows,
      accepted: expected.accepted,
      rejected: expected.rejected,
      warnings: expected.warnings,
    });
    const rejectsFile = fs
      .readFileSync(result.rejects_file as string, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(rejects(rejectsFile, 0, 1, 3)).toEqual(expectedRejects);
  }, 300_000);
});
