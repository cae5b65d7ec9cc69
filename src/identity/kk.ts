import { issue, type Issue } from './issue.js';
import { isValidDate, type RegionCodeSet } from './nik.js';

/**
 * No. KK (Kartu Keluarga number), 16 digits: PPRRDD issuing district, DDMMYY date the card was recorded
 * (no +40), SSSS serial. It changes when a family moves or splits, so it is a weak household key.
 */
export interface ParsedKk {
  kk: string;
  valid: boolean;
  district_code: string | null;
  recorded_on: string | null;
  serial: string | null;
  errors: Issue[];
  warnings: Issue[];
}

export function parseKk(
  input: string,
  context: { regions?: RegionCodeSet; referenceDate?: Date } = {},
): ParsedKk {
  const kk = input.trim();
  const result: ParsedKk = {
    kk,
    valid: false,
    district_code: null,
    recorded_on: null,
    serial: null,
    errors: [],
    warnings: [],
  };
  if (!/^\d{16}$/.test(kk)) {
    result.errors.push(
      issue('kk_format', `No. KK "${kk}" is not 16 digits`, `No. KK "${kk}" bukan 16 digit`),
    );
    return result;
  }
  const [p, r, d] = [kk.slice(0, 2), kk.slice(2, 4), kk.slice(4, 6)];
  result.district_code = `${p}.${r}.${d}`;
  if (p === '00' || r === '00' || d === '00') {
    result.errors.push(
      issue(
        'kk_region',
        `No. KK "${kk}": region prefix has a zero part`,
        `No. KK "${kk}": kode wilayah memuat bagian 00`,
      ),
    );
  } else if (context.regions && !context.regions.has(p)) {
    result.errors.push(
      issue(
        'kk_region',
        `No. KK "${kk}": province code ${p} does not exist`,
        `No. KK "${kk}": kode provinsi ${p} tidak dikenal`,
      ),
    );
  } else if (context.regions && !context.regions.has(result.district_code)) {
    result.warnings.push(
      issue(
        'kk_region_historical',
        `No. KK "${kk}": district ${result.district_code} is not in the current list`,
        `No. KK "${kk}": kecamatan ${result.district_code} tidak ada dalam daftar terkini`,
      ),
    );
  }
  const day = Number(kk.slice(6, 8));
  const month = Number(kk.slice(8, 10));
  const yy = Number(kk.slice(10, 12));
  const reference = context.referenceDate ?? new Date();
  const year = 2000 + yy <= reference.getUTCFullYear() ? 2000 + yy : 1900 + yy;
  // Cards recorded before computerised registers often carry 000000 here; that is not an error.
  if (!(day === 0 && month === 0 && yy === 0)) {
    if (!isValidDate(year, month, day)) {
      result.errors.push(
        issue(
          'kk_date',
          `No. KK "${kk}": recording date ${kk.slice(6, 12)} is not a calendar date`,
          `No. KK "${kk}": tanggal pencatatan ${kk.slice(6, 12)} tidak valid`,
        ),
      );
    } else {
      result.recorded_on = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    }
  }
  result.serial = kk.slice(12);
  if (result.serial === '0000') {
    result.errors.push(
      issue(
        'kk_serial',
        `No. KK "${kk}": serial 0000 is not issued`,
        `No. KK "${kk}": nomor urut 0000 tidak diterbitkan`,
      ),
    );
  }
  result.valid = result.errors.length === 0;
  return result;
}
