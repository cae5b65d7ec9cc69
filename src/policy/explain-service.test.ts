import { describe as suite, expect, it } from 'vitest';
import { describe } from './explain-service.js';

const decision = (inputs: Record<string, unknown>) => ({
  decision_id: 1,
  application_id: 1,
  effective: '2026-07-01',
  applied_at: '2026-07-01T00:00:00.000Z',
  policy: { id: 'kopdes-default', version: 1 },
  treatment: 'PERLINDUNGAN',
  treatment_label: { id: 'Perlindungan', en: 'Protection' },
  rule: { index: 1, id: 'perlindungan-kepala-disabilitas' },
  reason: null,
  inputs,
  errors: null,
  cooperative: null,
  current: true,
  superseded_by: null,
});

suite('explain text', () => {
  it('tells the head of household in words, not as a record', () => {
    const text = describe(
      decision({ decile: 2, head: { age: 47, sex: 'P', relation: 1, disability: true }, programs: ['PKH'] }),
    );
    expect(text.id).toContain(
      'Data yang dibaca: decile=2, kepala keluarga (perempuan, 47 tahun, penyandang disabilitas), programs=[PKH].',
    );
    expect(text.en).toContain(
      'Data read: decile=2, head of household (female, 47 years old, with a disability), programs=[PKH].',
    );
    for (const t of [text.id, text.en]) expect(t).not.toMatch(/[{}]/);
  });

  it('says when there is no head', () => {
    const text = describe(decision({ head: null }));
    expect(text.id).toContain('kepala keluarga tidak ada');
    expect(text.en).toContain('head of household none');
  });
});
