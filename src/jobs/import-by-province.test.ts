import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitByProvince } from '../intake/province-split.js';
import { writeDtsenFile } from '../intake/testing/dtsen-file.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { runJobHere, submitJob } from './job-service.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-by-province-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const lines = (file: string) => fs.readFileSync(file, 'utf8').trimEnd().split('\n');

/**
 * A DTSEN extract of two provinces (53 NTT, 31 DKI Jakarta) and one more row: a member of the first NTT family
 * placed in a Jakarta village, which splits that family over villages (the row is rejected, whatever the split).
 */
let file: string;
let households: { '53': number; '31': number };
let ntt: string[];
let jakarta: string[];
beforeAll(async () => {
  const a = path.join(dir, 'a.csv');
  const b = path.join(dir, 'b.csv');
  households = {
    '53': await writeDtsenFile(a, 300, { villages: 10, province: '53' }),
    '31': await writeDtsenFile(b, 200, { villages: 10, province: '31' }),
  };
  ntt = lines(a);
  jakarta = lines(b);
  const [kk] = ntt[1]!.split(',');
  const village = jakarta[1]!.split(',')[7]!;
  const moved = `${kk},,Tambahan,L,1990-01-01,4,0,${village},1,"RT 1 RW 1",petani`;
  file = path.join(dir, 'dtsen-2026-03-31.csv');
  fs.writeFileSync(file, [...ntt, ...jakarta.slice(1), moved].join('\n') + '\n');
});

describe('splitting an import file by province', () => {
  it("writes each province's rows to a file of its own, a family's rows following its first row", async () => {
    const parts = await splitByProvince(file, 'dtsen', path.join(dir, 'split'));
    expect(parts.map((p) => [p.province, p.rows])).toEqual([
      ['31', jakarta.length - 1],
      ['53', ntt.length], // NTT's rows and the family member listed in Jakarta
    ]);
    const nttPart = lines(parts[1]!.path);
    expect(nttPart[0]).toBe(
      ntt[0]!
        .split(',')
        .map((h) => `"${h}"`)
        .join(','),
    );
    expect(nttPart.at(-1)).toContain('"Tambahan"');
  });
});

describe.each(testEngines())('an import job split by province (%s)', (kind) => {
  const ctx = useTestDatabase(kind);

  it('imports each province as a batch of its own, one part each; the job sums them', async () => {
    const database = ctx.database;
    const partsDir = path.join(dir, `parts-${kind}`);
    const params = {
      profile: 'dtsen',
      path: file,
      rejects_dir: dir,
      by_province: true,
      parts_dir: partsDir,
      actor: 'by-province-test',
    };
    const id = await submitJob(database, 'import', params, 'by-province-test');
    const detail = await runJobHere(database, id, { leaseMs: 30_000 });
    expect(detail.job.error).toBeNull();
    expect(detail.parts.map((p) => [p.part_key, p.province_code, p.state])).toEqual([
      ['31', '31', 'done'],
      ['53', '53', 'done'],
    ]);
    const result = detail.job.result as {
      provinces: number;
      rows: number;
      rejected: number;
      batches: Array<{ province: string; rows: number; rejected: number; batch_id: number }>;
    };
    expect(result).toMatchObject({ provinces: 2, rows: ntt.length - 1 + jakarta.length - 1 + 1 });
    const [b31, b53] = result.batches;
    expect(b31).toMatchObject({ province: '31', rows: jakarta.length - 1, rejected: 0 });
    expect(b53).toMatchObject({ rejected: 1 }); // the family's row in another village, as a whole-file import does

    const names = await sql<{ id: number; file_name: string }>`
      SELECT id, file_name FROM source_batches ORDER BY id`.execute(database.db);
    expect(names.rows.map((b) => b.file_name).sort()).toEqual([
      'dtsen-2026-03-31.csv (31)',
      'dtsen-2026-03-31.csv (53)',
    ]);
    const perBatch = await sql<{ batch_id: number; province_code: string; n: number }>`
      SELECT batch_id, province_code, count(*)::int AS n FROM households
      GROUP BY batch_id, province_code ORDER BY province_code`.execute(database.db);
    expect(perBatch.rows.map((r) => ({ ...r, batch_id: Number(r.batch_id) }))).toEqual([
      { batch_id: b31!.batch_id, province_code: '31', n: households['31'] },
      { batch_id: b53!.batch_id, province_code: '53', n: households['53'] },
    ]);
  });
});
