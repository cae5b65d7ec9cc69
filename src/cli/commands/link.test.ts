import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateFiles } from '../../linkage/evaluate-files.js';
import { linkFiles } from '../../linkage/linkage-run.js';
import { writeLinkageFiles } from '../../linkage/synthetic/write-person-lists.js';
import { entas } from '../../testing/cli.js';

const testdata = (f: string) => new URL(`../../linkage/testdata/${f}`, import.meta.url).pathname;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-link-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const lastJson = <T>(stdout: string): T => JSON.parse(stdout.trim().split('\n').pop()!) as T;
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

describe('entas link / dedupe / link evaluate', () => {
  it('links an Indonesian-style registry and beneficiary list (generator, preset) with F1 ≥ 0.99', async () => {
    const data = writeLinkageFiles(dir, { seed: 'cli-test', people: 3000 });
    expect(data.truth).toBeGreaterThan(1000);
    const out = path.join(dir, 'links.csv');
    const res = await entas([
      'link',
      '--left',
      data.files.left,
      '--right',
      data.files.right,
      '--out',
      out,
      '--one-to-one',
      '--json',
    ]);
    expect(res.stderr).toMatch(/blocking \[nik\]: \d+ pairs/);
    expect(res.code).toBe(0);
    const summary = lastJson<{ candidate_pairs: number; matches: number; blocking: unknown[] }>(res.stdout);
    expect(summary.blocking).toHaveLength(4);
    expect(fs.readFileSync(out, 'utf8').split('\n')[0]).toBe(
      'left_id,right_id,match_probability,match_weight,w_nik,w_name,w_birth_date,w_sex,w_village_code,w_address,w_nik_birth_date,decision',
    );
    const evaluated = await entas([
      'link',
      'evaluate',
      '--links',
      out,
      '--truth',
      data.files.truth,
      '--json',
    ]);
    const q = lastJson<{
      f1: number;
      one_to_one: { f1: number; predicted: number };
      calibration: { from: number; to: number; pairs: number; predicted: number; observed: number }[];
    }>(evaluated.stdout);
    expect(q.f1).toBeGreaterThanOrEqual(0.99);
    expect(q.f1).toBeCloseTo(evaluateFiles(out, data.files.truth).f1, 4);
    expect(q.one_to_one.f1).toBeGreaterThanOrEqual(0.99);
    // Every written pair (p ≥ review threshold 0.2) falls in one band; the top band is mostly true.
    const banded = q.calibration.reduce((s, b) => s + b.pairs, 0);
    expect(banded).toBe(fs.readFileSync(out, 'utf8').trim().split('\n').length - 1);
    expect(q.calibration.at(-1)!.observed).toBeGreaterThan(0.98);
    // --keep-dropped: the pairs the assignment dropped are written too, and evaluate leaves them out.
    const kept = path.join(dir, 'links-kept.csv');
    await linkFiles({
      left: data.files.left,
      right: data.files.right,
      out: kept,
      oneToOne: true,
      keepDropped: true,
      parallel: false,
    });
    const keptText = fs.readFileSync(kept, 'utf8');
    expect(keptText.startsWith(fs.readFileSync(out, 'utf8'))).toBe(true);
    expect(evaluateFiles(kept, data.files.truth).one_to_one!.f1).toBeCloseTo(q.one_to_one.f1, 4);
    // The CLI shares blocking and comparison with a worker thread; in one thread the output is the same.
    const single = path.join(dir, 'links-one-thread.csv');
    await linkFiles({
      left: data.files.left,
      right: data.files.right,
      out: single,
      oneToOne: true,
      parallel: false,
    });
    expect(fs.readFileSync(single, 'utf8')).toBe(fs.readFileSync(out, 'utf8'));
  }, 60_000);

  it('deduplicates fake_1000 into clusters and scores them against the true clusters', async () => {
    const settings = file(
      'fake.json',
      JSON.stringify({
        id: 'unique_id',
        fields: [
          { column: 'first_name', type: 'name' },
          { column: 'surname', type: 'name' },
          { column: 'dob', type: 'date' },
          { column: 'city', type: 'text' },
          { column: 'email', type: 'text' },
        ],
      }),
    );
    const out = path.join(dir, 'clusters.csv');
    const summary = await linkFiles({ left: testdata('fake_1000.csv'), right: null, settings, out });
    expect(summary.clusters).toBeLessThan(500);
    expect(fs.readFileSync(out, 'utf8').split('\n')[0]).toBe('id,cluster_id,weakest_link_probability');
    const q = evaluateFiles(out, testdata('fake_1000.csv'));
    expect(q.precision).toBeGreaterThan(0.95);
    expect(q.f1).toBeGreaterThan(0.85);
  }, 60_000);

  it('reports bad input before any work, naming the file and field', async () => {
    const left = file(
      'left.csv',
      'id,nik,name,birth_date,sex,village_code\n1,,Siti,1990-01-01,P,32.01.01.2001\n',
    );
    const noName = file(
      'right.csv',
      'ID , NIK,Nama,birth_date,sex,village_code\n1,,Siti,1990-01-01,P,32.01.01.2001\n',
    );
    const missing = await entas([
      'link',
      '--left',
      left,
      '--right',
      noName,
      '--out',
      path.join(dir, 'o.csv'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${noName}: missing column "name"`);

    const out = path.join(dir, 'never.csv');
    const badType = file(
      'bad.json',
      JSON.stringify({ id: 'id', fields: [{ column: 'name', type: 'fuzzy' }] }),
    );
    await expect(linkFiles({ left, right: left, settings: badType, out })).rejects.toThrow(
      `${badType}: field "name": unknown type "fuzzy"`,
    );
    const notJson = file('broken.json', '{"id": ');
    await expect(linkFiles({ left, right: null, settings: notJson, out })).rejects.toThrow(
      `${notJson}: not valid JSON`,
    );
    const gone = path.join(dir, 'nope.csv');
    await expect(linkFiles({ left: gone, right: null, out })).rejects.toThrow(
      `${gone}: cannot read file (ENOENT)`,
    );
    const badBlock = file(
      'block.json',
      JSON.stringify({ id: 'id', fields: [{ column: 'name', type: 'name' }], blocking: [['nik']] }),
    );
    await expect(linkFiles({ left, right: null, settings: badBlock, out })).rejects.toThrow(
      `${badBlock}: blocking[0]: "nik" is not one of the fields`,
    );
    expect(fs.existsSync(out)).toBe(false);
  }, 60_000);
});
