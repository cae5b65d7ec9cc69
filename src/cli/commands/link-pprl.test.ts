import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { entas, lastJson } from '../../testing/cli.js';

const data = (f: string) => fileURLToPath(new URL(`../../linkage/testdata/${f}`, import.meta.url));

describe('entas link --pprl', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-pprl-'));
  const key = path.join(dir, 'key');
  fs.writeFileSync(key, 'a shared secret of the two agencies\n');
  const base = ['link', '--left', data('febrl4a.csv'), '--right', data('febrl4b.csv')];
  const settings = ['--settings', data('febrl4-settings.json'), '--out', path.join(dir, 'links.csv')];

  it('links encoded inputs and writes the usual links file', async () => {
    const r = await entas([...base, ...settings, '--pprl', '--key-file', key, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout) as { matches: number; model: { fields: { label: string; type: string }[] } };
    expect(s.matches).toBeGreaterThan(4950);
    expect(s.matches).toBeLessThan(5050);
    expect(s.model.fields.find((f) => f.label === 'given_name')!.type).toBe('bloom_name');
    const header = fs.readFileSync(path.join(dir, 'links.csv'), 'utf8').split('\n')[0];
    expect(header).toMatch(/^left_id,right_id,match_probability,match_weight,/);
  }, 120_000);

  it('needs a key file of at least 16 bytes, reported in one line before any work', async () => {
    const missing = await entas([...base, ...settings, '--pprl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('entas: link: --pprl needs --key-file <file>');
    const short = path.join(dir, 'short');
    fs.writeFileSync(short, 'abc\n');
    const bad = await entas([...base, ...settings, '--pprl', '--key-file', short]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(`entas: ${short}: the key must be at least 16 bytes (found 3)`);
    const absent = await entas([...base, ...settings, '--pprl', '--key-file', path.join(dir, 'nope')]);
    expect(absent.stderr.trim()).toMatch(/nope: cannot read key file \(ENOENT\)$/);
  }, 60_000);
});
