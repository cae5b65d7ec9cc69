import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { idnAreaDataDir } from '../../regions/reference-regions.js';
import { formatNik } from '../../identity/nik.js';

const GIVEN = [
  'Budi',
  'Siti',
  'Agus',
  'Dewi',
  'Slamet',
  'Sri',
  'Joko',
  'Wati',
  'Eko',
  'Rina',
  'Bayu',
  'Putri',
];
const FAMILY = ['Santoso', 'Rahayu', 'Wibowo', 'Lestari', 'Saputra', 'Hidayat', 'Kurniawan', ''];

/**
 * Valid village codes from the same idn-area-data files the regions table is loaded from (`province`: only that
 * province's villages).
 */
export function sampleVillageCodes(count: number, province?: string): string[] {
  const all = fs.readFileSync(path.join(idnAreaDataDir(), 'villages.csv'), 'utf8').split('\n');
  const lines = province ? ['', ...all.slice(1).filter((l) => l.startsWith(`${province}.`))] : all;
  const codes: string[] = [];
  const step = Math.max(1, Math.floor(lines.length / count));
  for (let i = 1; i < lines.length && codes.length < count; i += step) {
    const code = lines[i]!.split(',', 1)[0]!.trim();
    if (code) codes.push(code);
  }
  return codes;
}

/**
 * Writes a valid person-level DTSEN CSV with `persons` rows (households of 1–6 persons), deterministic, for
 * benchmarks and the killed-import test. Returns the number of households.
 */
export async function writeDtsenFile(
  file: string,
  persons: number,
  options: { villages?: number; province?: string } = {},
) {
  const villages = sampleVillageCodes(options.villages ?? 2000, options.province);
  const out = fs.createWriteStream(file);
  out.write(
    'NO_KK,NIK,NAMA,JENIS_KELAMIN,TANGGAL_LAHIR,HUBUNGAN_KELUARGA,DISABILITAS,KODE_WILAYAH,DESIL,ALAMAT,PEKERJAAN\n',
  );
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const seen = new Set<string>();
  let written = 0;
  let households = 0;
  let buffer = '';
  while (written < persons) {
    households += 1;
    const village = villages[households % villages.length]!;
    const district = village.slice(0, 8);
    // Unique per household: the recording day and serial encode the household number.
    const day = String(1 + (Math.floor(households / 9999) % 28)).padStart(2, '0');
    const kk = `${district.replace(/\./g, '')}${day}0615${String((households % 9999) + 1).padStart(4, '0')}`;
    const size = Math.min(persons - written, 1 + Math.floor(next() * 6));
    const decile = 1 + Math.floor(next() * 10);
    for (let m = 0; m < size; m++) {
      const sex = m === 1 || next() < 0.5 ? 'P' : 'L';
      const year = m < 2 ? 1950 + Math.floor(next() * 50) : 2000 + Math.floor(next() * 25);
      const birth = `${year}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
      let serial = 1 + (written % 9999);
      let nik = formatNik({ district, birthDate: birth, sex, serial });
      while (seen.has(nik))
        nik = formatNik({ district, birthDate: birth, sex, serial: (serial = (serial % 9999) + 1) });
      seen.add(nik);
      const name =
        `${GIVEN[Math.floor(next() * GIVEN.length)]} ${FAMILY[Math.floor(next() * FAMILY.length)]}`.trim();
      buffer += `${kk},${written % 10 === 9 ? '' : nik},${name},${sex},${birth},${m === 0 ? 1 : m === 1 ? 3 : 4},${next() < 0.03 ? 1 : 0},${village},${decile},"RT ${m} RW ${households % 20}",petani\n`;
      written += 1;
    }
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return households;
}
