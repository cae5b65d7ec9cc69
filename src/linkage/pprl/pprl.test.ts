import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runLinkage } from '../engine.js';
import { pairQuality } from '../evaluate.js';
import { buildComparators } from '../fields/index.js';
import { readCsvText, tableFromCsv } from '../io/csv-file.js';
import type { RecordTable } from '../record-table.js';
import { parseSettings, personPreset } from '../settings.js';
import { bigrams, BloomEncoder, dice, keyedHash } from './bloom.js';
import { encodeTable, pprlComparators } from './pprl-encode.js';

const data = (f: string) => fileURLToPath(new URL(`../testdata/${f}`, import.meta.url));
const KEY = Buffer.from('entas test key: not a secret, 32b');

function table(rows: Record<string, string | null>[]): RecordTable {
  const headers = Object.keys(rows[0]!);
  return {
    source: 'test.csv',
    headers,
    ids: rows.map((r) => r.id!),
    columns: new Map(headers.map((h) => [h, rows.map((r) => r[h] ?? null)])),
  };
}

describe('privacy-preserving encodings', () => {
  it('Dice of name-bigram filters ranks a spelling variant far above another name; key-dependent', () => {
    const bloom = new BloomEncoder(KEY);
    const f = (name: string) => bloom.encode(bigrams(name.split(' ')));
    expect(dice(f('siti aminah'), f('aminah siti'))).toBe(1);
    const variant = dice(f('theresia dorkas pah'), f('theresiha dorkas pah'));
    const other = dice(f('theresia dorkas pah'), f('yohanes benu'));
    expect(variant).toBeGreaterThan(0.85);
    expect(other).toBeLessThan(0.5);
    expect(variant - other).toBeGreaterThan(0.4);
    // Under another key the same name sets other bits: filters are only comparable under one key.
    const OTHER = Buffer.from('another key, another agency pair');
    const otherKey = new BloomEncoder(OTHER).encode(bigrams(['siti', 'aminah']));
    expect(dice(f('siti aminah'), otherKey)).toBeLessThan(0.5);
    expect(keyedHash(KEY, 'x')).not.toBe(keyedHash(OTHER, 'x'));
  });

  it('encodes every compared column: no raw NIK, name or birth date is left, ids and villages stay', () => {
    const plain = table([
      {
        id: 'a1',
        nik: '5301054512900003',
        name: 'Hj. Siti Aminah',
        birth_date: '1990-12-05',
        sex: 'P',
        village_code: '53.01.05.2003',
      },
    ]);
    const settings = personPreset(plain.headers);
    const encoded = encodeTable(plain, settings, KEY);
    const text = JSON.stringify([...encoded.columns]);
    for (const raw of ['5301054512900003', 'Siti', 'siti', 'Aminah', '1990', '12-05'])
      expect(text).not.toContain(raw);
    expect(encoded.ids).toEqual(['a1']);
    expect(encoded.columns.get('village_code')).toEqual(['53.01.05.2003']);
    expect(encoded.columns.get('nik')![0]).toMatch(/^[0-9a-f]{64}$/);
    // The derived NIK-birth-date field cannot exist on a hashed NIK.
    const fields = pprlComparators(settings, buildComparators(settings, [plain]));
    expect(fields.map((f) => f.type)).toEqual(['exact', 'bloom_name', 'bloom_date', 'exact', 'region']);
  });

  it('compares an encoded address within its village, as the plain mode does', () => {
    const row = (id: string, village: string) => ({
      id,
      nik: null,
      name: 'Siti Aminah',
      birth_date: null,
      sex: 'P',
      village_code: village,
      address: 'RT 001 / RW 002, Oebobo',
    });
    const plain = table([row('a', '53.71.01.1001'), row('b', '53.71.01.1001'), row('c', '53.71.01.1002')]);
    const settings = personPreset(plain.headers);
    const encoded = encodeTable(plain, settings, KEY);
    const fields = pprlComparators(settings, buildComparators(settings, [plain]));
    const address = fields.find((f) => f.label === 'address')!;
    expect(address.within).toBe('village_code');
    expect(address.columns).toEqual(['address', 'village_code']);
    const feature = (i: number) =>
      address.prepare([encoded.columns.get('address')![i]!, encoded.columns.get('village_code')![i]!]);
    // Same village: identical filters (level 1); another village: the last level, which adds nothing.
    expect(address.compare(feature(0), feature(1))).toBe(1);
    expect(address.compare(feature(0), feature(2))).toBe(address.levels.length);
    expect(address.exactKey!(feature(0))).not.toBe(address.exactKey!(feature(2)));
  });

  it('links FEBRL4 encoded with F1 ≥ 0.99 (plain: 1.0; bench:pprl reports the loss)', async () => {
    const settings = parseSettings(
      { ...(JSON.parse(readCsvText(data('febrl4-settings.json'))) as object), u_sample: 30_000 },
      'febrl4-settings.json',
    );
    const key = randomBytes(32);
    const read = (f: string) => tableFromCsv(readCsvText(data(f)), f, settings.id);
    const [a, b] = [read('febrl4a.csv'), read('febrl4b.csv')];
    const left = encodeTable(a, settings, key);
    const right = encodeTable(b, settings, key);
    const fields = pprlComparators(settings, buildComparators(settings, [a, b]));
    const result = await runLinkage(settings, fields, left, right);
    const predicted = new Set<string>();
    for (const p of result.selected)
      if (result.probability[p]! >= 0.5)
        predicted.add(`${left.ids[result.pairs.left[p]!]}|${right.ids[result.pairs.right[p]!]}`);
    const q = pairQuality(predicted, new Set(a.ids.map((id) => `${id}|${id.replace('-org', '-dup-0')}`)));
    expect(q.f1).toBeGreaterThanOrEqual(0.99);
  }, 60_000);
});
