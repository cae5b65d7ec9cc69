import { describe, expect, it } from 'vitest';
import { normaliseBusinessUnits, registerFindings, type OfficerFact } from './register-checks.js';

let next = 0;
const officer = (position: string, name: string, extra: Partial<OfficerFact> = {}): OfficerFact => ({
  id: ++next,
  position,
  name,
  nik: null,
  kk: null,
  personId: null,
  exOfficio: false,
  ...extra,
});

const board = () => [
  officer('ketua', 'Budi'),
  officer('wakil_ketua_usaha', 'Citra'),
  officer('wakil_ketua_anggota', 'Dedi'),
  officer('sekretaris', 'Eka'),
  officer('bendahara', 'Fitri'),
  officer('ketua_pengawas', 'Kades Gunawan', { exOfficio: true }),
  officer('pengawas', 'Hana'),
];

const rules = (list: OfficerFact[]) => registerFindings(list).map((f) => `${f.severity}:${f.rule}`);

describe('registrar checks on officers', () => {
  it('a complete register with 5 pengurus and an ex-officio pengawas chair is in order', () => {
    expect(registerFindings(board())).toEqual([]);
  });

  it('refuses an even number of pengurus and a missing bendahara; warns on a missing wakil', () => {
    const list = board().filter((o) => o.position !== 'bendahara');
    expect(rules(list)).toEqual(['error:pengurus_odd', 'error:pengurus_missing']);
    const three = board().filter((o) => !o.position.startsWith('wakil'));
    expect(rules(three)).toEqual(['warning:wakil_missing', 'warning:wakil_missing']);
  });

  it('nobody is both pengurus and pengawas (same NIK, person or name)', () => {
    const list = board();
    list[6] = officer('pengawas', ' budi ');
    const f = registerFindings(list);
    expect(f.map((x) => x.rule)).toEqual(['pengurus_also_pengawas']);
    expect(f[0]!.officer_ids).toEqual([list[0]!.id, list[6].id]);
    const byNik = board();
    byNik[1] = { ...byNik[1]!, nik: '5301010101010001' };
    byNik[6] = { ...byNik[6]!, nik: '5301010101010001' };
    expect(rules(byNik)).toEqual(['error:pengurus_also_pengawas']);
  });

  it('the pengawas are chaired ex officio by the kepala desa', () => {
    const list = board();
    list[5] = { ...list[5]!, exOfficio: false };
    expect(rules(list)).toEqual(['error:pengawas_chair_ex_officio']);
    expect(rules(board().filter((o) => !o.position.includes('pengawas')))).toEqual([
      'error:pengawas_missing',
    ]);
  });

  it('warns (does not refuse) when officers share a family card, and flags a post held twice', () => {
    const list = board();
    list[0] = { ...list[0]!, kk: '5301010101010099' };
    list[4] = { ...list[4]!, kk: '5301010101010099' };
    const f = registerFindings(list);
    expect(f.map((x) => `${x.severity}:${x.rule}`)).toEqual(['warning:shared_family_card']);
    expect(f[0]!.officer_ids).toEqual([list[0].id, list[4].id]);
    const twice = [...board(), officer('ketua', 'Joko'), officer('pengawas', 'Lina')];
    expect(rules(twice)).toEqual(['error:pengurus_odd', 'error:post_held_twice']);
  });
});

describe('business units', () => {
  it('keeps standard codes, prefixes custom ones, drops duplicates', () => {
    expect(
      normaliseBusinessUnits(['clinic', 'Bengkel  motor', 'custom:Bengkel motor', 'clinic', 'logistics']),
    ).toEqual(['clinic', 'custom:Bengkel motor', 'logistics']);
    expect(() => normaliseBusinessUnits(['custom:  '])).toThrow(/custom business unit/);
    expect(normaliseBusinessUnits(['kantor', 'gerai_sembako', 'office', 'pangkalan_lpg'])).toEqual([
      'office',
      'sembako_outlet',
      'custom:pangkalan_lpg',
    ]);
  });
});
