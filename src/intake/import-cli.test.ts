import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../testing/test-database.js';
import { dtsenRow, kk, toCsv } from './testing/builders.js';
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
    const reverted = await entas(['batch', 'revert', String(result.batch_id), '--json'], env);
    expect(lastJson(reverted.stdout)).toMatchObject({ status: 'reverted', changes: { persons_deleted: 1 } });
    const missing = await entas(['batch', 'show', '999'], env);
    expect([missing.code, missing.stderr.trim()]).toEqual([
      2,
      'entas: batch 999 not found (see `entas batches`)',
    ]);
    const inspected = lastJson((await entas(['import', 'inspect', file, '--json'], env)).stdout);
    expect(inspected.suggested_profile).toBe('dtsen');
  }, 240_000);

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
});
