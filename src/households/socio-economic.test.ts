import { describe, expect, it } from 'vitest';
import { validateSocio } from './socio-economic.js';

describe('validateSocio', () => {
  it('types numbers, booleans and category codes', () => {
    const result = validateSocio({
      LUAS_LANTAI_M2: '36,5',
      jenis_lantai: 'Tanah',
      sumber_air_minum: 'sumur terlindung',
      aset_sepeda_motor: 'YA',
      aset_lemari_es: '0',
      ternak_unggas: '12',
      daya_listrik_va: '',
    });
    expect(result.errors).toEqual([]);
    expect(result.value).toEqual({
      luas_lantai_m2: 36.5,
      jenis_lantai: 'tanah',
      sumber_air_minum: 'sumur_terlindung',
      aset_sepeda_motor: true,
      aset_lemari_es: false,
      ternak_unggas: 12,
    });
  });

  it('names the variable and value it rejects, in both languages', () => {
    const result = validateSocio({
      jenis_atap: 'emas',
      ternak_sapi: '2.5',
      luas_lantai_m2: '-1',
      aset_mobil: 'mungkin',
    });
    expect(result.errors.map((e) => e.message.split(' ')[0])).toEqual([
      'jenis_atap',
      'ternak_sapi',
      'luas_lantai_m2',
      'aset_mobil',
    ]);
    expect(result.errors[0]?.message).toContain('"emas"');
    expect(result.errors[0]?.message_id).toContain('bukan');
    expect(result.value).toEqual({});
  });

  it('keeps unknown variables out and warns', () => {
    const result = validateSocio({ warna_rumah: 'biru' });
    expect(result.value).toEqual({});
    expect(result.warnings[0]?.code).toBe('socio_unknown');
  });
});
