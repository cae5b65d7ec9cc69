import type { SocioDocument } from '../households/socio-economic.js';
import { normalCdf } from './normal.js';
import type { Rng } from '../shared/random.js';

/**
 * DTSEN family variables (households.socio) consistent with a household's welfare: poorer households more often
 * have earth floors, bamboo walls, no meter, firewood, few assets. Keys and codes are those of
 * households/socio-economic.ts, so the document passes validateSocio.
 */
export function generateSocio(
  rng: Rng,
  welfare: number,
  options: { urban: boolean; raisesPigs: boolean },
): SocioDocument {
  const u = options.urban ? 0.6 : 0;
  // One draw of "housing quality" drives the materials together, as in real data.
  const quality = welfare + u + 0.6 * rng.normal();
  const ladder = <T>(items: readonly T[], shift = 0): T => {
    const q = normalCdf(quality + shift + 0.4 * rng.normal());
    return items[Math.min(items.length - 1, Math.floor(q * items.length))]!;
  };
  const meter = ladder(
    ['bukan_listrik', 'non_pln', 'pln_tanpa_meter', 'pln_meter', 'pln_meter', 'pln_meter'],
    0.5,
  );
  const socio: SocioDocument = {
    status_kepemilikan_rumah:
      options.urban && rng.chance(0.22) ? 'kontrak_sewa' : rng.chance(0.06) ? 'bebas_sewa' : 'milik_sendiri',
    luas_lantai_m2: Math.max(12, Math.round(Math.exp(3.75 + 0.3 * quality + 0.25 * rng.normal()))),
    jenis_lantai: ladder([
      'tanah',
      'bambu',
      'kayu_papan',
      'semen_bata',
      'semen_bata',
      'ubin_tegel',
      'keramik',
      'keramik',
    ]),
    jenis_dinding: ladder([
      'bambu',
      'anyaman_bambu',
      'batang_kayu',
      'kayu_papan',
      'plesteran_anyaman_bambu',
      'tembok',
      'tembok',
    ]),
    jenis_atap: ladder(['jerami_ijuk_daun', 'seng', 'seng', 'seng', 'asbes', 'genteng', 'beton']),
    sumber_air_minum: ladder([
      'air_permukaan',
      'mata_air_tak_terlindung',
      'sumur_tak_terlindung',
      'air_hujan',
      'mata_air_terlindung',
      'sumur_terlindung',
      'sumur_bor_pompa',
      'leding',
      'air_isi_ulang',
    ]),
    fasilitas_bab: ladder(['tidak_ada', 'umum', 'bersama', 'sendiri', 'sendiri', 'sendiri'], 0.3),
    sumber_penerangan: meter,
    daya_listrik_va: meter.startsWith('pln') ? ladder([450, 450, 900, 900, 1300, 2200], -0.3) : 0,
    bahan_bakar_memasak: ladder(
      ['kayu_bakar', 'kayu_bakar', 'minyak_tanah', 'lpg_3kg', 'lpg_3kg', 'lpg_5_5kg_lebih'],
      u,
    ),
  };
  const asset = (key: keyof SocioDocument, base: number) => {
    socio[key] = rng.chance(normalCdf(base + welfare + u / 2));
  };
  asset('aset_sepeda_motor', 0.4);
  asset('aset_televisi', 0.6);
  asset('aset_lemari_es', -0.4);
  asset('aset_emas_perhiasan', -0.8);
  asset('aset_komputer_laptop', -1.6);
  asset('aset_mobil', -2.1);
  asset('aset_ac', -2.3);
  socio.aset_lahan_m2 = options.urban || !rng.chance(normalCdf(welfare - 0.2)) ? 0 : 500 * rng.int(1, 40);
  if (!options.urban) {
    socio.ternak_unggas = rng.chance(0.6) ? rng.int(1, 25) : 0;
    socio.ternak_kambing_domba = rng.chance(0.25) ? rng.int(1, 8) : 0;
    socio.ternak_sapi = rng.chance(normalCdf(welfare - 0.9)) ? rng.int(1, 6) : 0;
    socio.ternak_babi = options.raisesPigs && rng.chance(0.55) ? rng.int(1, 6) : 0;
  }
  return socio;
}
