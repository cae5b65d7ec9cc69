import { describe, expect, it } from 'vitest';
import { registerFindings, type OfficerFact } from '../cooperatives/operations/register-checks.js';
import { isExOfficio, OFFICER_POSITIONS, officerPositions } from './cooperative.js';

const officersFrom = (positions: readonly (typeof OFFICER_POSITIONS)[number][]): OfficerFact[] =>
  positions.map((position, i) => ({
    id: i + 1,
    position,
    name: `Officer ${i + 1}`,
    nik: null,
    kk: null,
    personId: null,
    exOfficio: isExOfficio(position),
  }));

describe('demo officer posts', () => {
  it('pass the registrar’s checks for every pool of 4 people or more; the kepala desa chairs the pengawas ex officio', () => {
    for (let people = 4; people <= 12; people++) {
      const positions = officerPositions(people);
      expect(positions.length).toBeLessThanOrEqual(people);
      const errors = registerFindings(officersFrom(positions)).filter((f) => f.severity === 'error');
      expect(errors, `${people} people`).toEqual([]);
      expect(positions.filter((p) => p === 'ketua_pengawas')).toHaveLength(1);
    }
    expect(officerPositions(8)).toEqual(OFFICER_POSITIONS);
    expect(officerPositions(7)).toEqual([
      'ketua',
      'wakil_ketua_usaha',
      'wakil_ketua_anggota',
      'sekretaris',
      'bendahara',
      'ketua_pengawas',
      'pengawas',
    ]);
    expect(officerPositions(4)).toEqual(['ketua', 'sekretaris', 'bendahara', 'ketua_pengawas']);
  });

  it('appoints nobody from fewer than 4 people (no register in order is possible)', () => {
    for (let people = 0; people < 4; people++) expect(officerPositions(people)).toEqual([]);
  });

  it('the former fixed list failed the check: its ketua pengawas was not ex officio', () => {
    const old = officersFrom(OFFICER_POSITIONS).map((o) => ({ ...o, exOfficio: false }));
    expect(registerFindings(old).map((f) => f.rule)).toContain('pengawas_chair_ex_officio');
  });
});
