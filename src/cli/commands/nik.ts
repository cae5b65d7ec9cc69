import type { Command } from 'commander';
import { parseNik } from '../../identity/nik.js';
import { parseKk } from '../../identity/kk.js';
import { referenceRegionCodes } from '../../regions/reference-regions.js';
import { action, withJson } from '../command-runner.js';
import { tr } from '../lang.js';

export function registerIdentifierCommands(program: Command): void {
  withJson(
    program
      .command('nik')
      .argument('<nik>', '16-digit NIK')
      .option('--birth-year <year>', 'a birth year known from elsewhere, to choose the century')
      .description(
        'check the structure of a NIK and decode region, birth date and sex (exit 1 when invalid)',
      ),
  ).action(
    action((_ctx, nik: string, options: { birthYear?: string }) => {
      const parsed = parseNik(nik, {
        regions: referenceRegionCodes(),
        birthYearHint: options.birthYear ? Number(options.birthYear) : undefined,
      });
      const json = {
        nik: parsed.nik,
        valid: parsed.valid,
        province_code: parsed.province_code,
        regency_code: parsed.regency_code,
        district_code: parsed.district_code,
        birth_date: parsed.birth_date,
        sex: parsed.sex,
        serial: parsed.serial,
        errors: parsed.errors,
        warnings: parsed.warnings,
      };
      const lines = [
        `NIK ${parsed.nik}: ${parsed.valid ? tr('valid structure', 'struktur sah') : tr('INVALID', 'TIDAK SAH')}`,
        tr(
          `region ${parsed.district_code ?? '-'}, born ${parsed.birth_date ?? '-'}, sex ${parsed.sex ?? '-'}, serial ${parsed.serial ?? '-'}`,
          `wilayah ${parsed.district_code ?? '-'}, lahir ${parsed.birth_date ?? '-'}, jenis kelamin ${parsed.sex ?? '-'}, nomor urut ${parsed.serial ?? '-'}`,
        ),
        ...parsed.errors.map((e) => `${tr('error', 'galat')}: ${e.message}`),
        ...parsed.warnings.map((w) => `${tr('warning', 'peringatan')}: ${w.message}`),
      ];
      return Promise.resolve({ json, text: lines.join('\n'), exitCode: parsed.valid ? 0 : 1 });
    }),
  );

  withJson(
    program
      .command('kk')
      .argument('<kk>', '16-digit family card number (No. KK)')
      .description('check the structure of a No. KK (exit 1 when invalid)'),
  ).action(
    action((_ctx, kk: string) => {
      const parsed = parseKk(kk, { regions: referenceRegionCodes() });
      const lines = [
        `No. KK ${parsed.kk}: ${parsed.valid ? tr('valid structure', 'struktur sah') : tr('INVALID', 'TIDAK SAH')}`,
        ...parsed.errors.map((e) => `${tr('error', 'galat')}: ${e.message}`),
        ...parsed.warnings.map((w) => `${tr('warning', 'peringatan')}: ${w.message}`),
      ];
      return Promise.resolve({ json: parsed, text: lines.join('\n'), exitCode: parsed.valid ? 0 : 1 });
    }),
  );
}
