import type { Migration } from '../migration.js';

/**
 * Default social programs. Eligible deciles and benefits are configuration (editable rows), set here to the
 * values in public guidance of 2025–26: PKH desil 1–4, Sembako/BPNT 1–5, PBI-JK 1–5, PIP 1–4, BLT Dana Desa 1–3.
 */
export const programsMigration: Migration = {
  name: '0003-programs',
  up: (tx) =>
    tx.exec(`
INSERT INTO programs (code, name, agency, unit, eligible_deciles, monthly_benefit) VALUES
  ('PKH',    'Program Keluarga Harapan',                 'Kemensos', 'household', '{1,2,3,4}',   250000),
  ('BPNT',   'Bantuan Pangan Non-Tunai / Sembako',       'Kemensos', 'household', '{1,2,3,4,5}', 200000),
  ('PBI-JK', 'Penerima Bantuan Iuran Jaminan Kesehatan', 'Kemensos', 'person',    '{1,2,3,4,5}', 42000),
  ('PIP',    'Program Indonesia Pintar',                 'Kemendikdasmen', 'person', '{1,2,3,4}', 37500),
  ('BLT-DD', 'Bantuan Langsung Tunai Dana Desa',         'Kemendes', 'household', '{1,2,3}',     300000);
`),
};
