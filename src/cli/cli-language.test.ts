import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entas } from '../testing/cli.js';

/** The CLI speaks Bahasa Indonesia unless told otherwise, across commands (not only imports and batches). */
describe('CLI language', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-lang-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const id = { ENTAS_LANG: '', LANG: 'id_ID.UTF-8', LC_ALL: '', ENTAS_DATA_DIR: dataDir };

  it('checks a NIK in Indonesian by default and in English with --lang en', async () => {
    const nik = '5301014107900001';
    const indonesian = await entas(['nik', nik], id);
    expect(indonesian.stdout).toMatch(/struktur sah|TIDAK SAH/);
    expect(indonesian.stdout).toMatch(/wilayah .*lahir/);
    const english = await entas(['--lang', 'en', 'nik', nik], id);
    expect(english.stdout).toMatch(/valid structure|INVALID/);
  });

  it('validates a policy and refuses a bad option in Indonesian', async () => {
    const valid = await entas(['policy', 'validate', 'policies/default.yaml'], id);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toMatch(/: sah \(/);
    const bad = await entas(
      ['policy', 'simulate', '--policy', 'policies/default.yaml', '--engine', 'slow'],
      id,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--engine "slow" tidak sah/);
  });

  it('lists users and reports the database state in Indonesian', async () => {
    const users = await entas(['users', 'list'], id);
    expect(users.code, users.stderr).toBe(0);
    expect(users.stdout).toMatch(/belum ada pengguna/);
    const check = await entas(['db', 'check'], id);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/indeks/);
    const hold = await entas(['retention', 'hold', '--household', '999999', '--reason', 'perkara'], id);
    expect(hold.stderr).toMatch(/rumah tangga 999999 tidak ditemukan/);
  });
});
