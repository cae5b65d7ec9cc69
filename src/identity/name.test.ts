import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePersonName, sortedNameKey } from './name.js';

describe('normalizePersonName', () => {
  it.each([
    ['SITI  AMINAH', 'siti aminah'],
    ['Hj. Siti Aminah, S.Pd.', 'siti aminah'],
    ['H. Ahmad Dahlan', 'ahmad dahlan'],
    ['Drs. Bambang Susilo, M.Si.', 'bambang susilo'],
    ['Ir. Joko Widodo', 'joko widodo'],
    ['Prof. Dr. Ir. Budi Santoso, M.Sc., Ph.D.', 'budi santoso'],
    ['Muhamad Yusuf', 'muhammad yusuf'],
    ['MOCH. YUSUF', 'muhammad yusuf'],
    ['Moh Yusuf', 'muhammad yusuf'],
    ['M. Yusuf', 'muhammad yusuf'],
    ['Mochammad Yusuf', 'muhammad yusuf'],
    ['Mohammed Yusuf', 'muhammad yusuf'],
    ['Achmad Fauzi', 'ahmad fauzi'],
    ['St. Aminah', 'siti aminah'],
    ['Hj. St. Aminah', 'siti aminah'],
    ['Aminah, S.T.', 'aminah'],
    ['Abd. Rahman', 'abdul rahman'],
    ['Soekarno', 'sukarno'],
    ['Djoko Santoso', 'joko santoso'],
    ['Tjahjo Kumolo', 'cahyo kumolo'],
    ['Sjarifuddin', 'syarifuddin'],
    ['Njoman Suardana', 'nyoman suardana'],
    ["Ma'ruf Amin", 'maruf amin'],
    ['Chairul Tanjung', 'khairul tanjung'],
    ['Khairul Tanjung', 'khairul tanjung'],
    ['Sitï Nurhaliza', 'siti nurhaliza'],
    ['Haji', 'haji'],
    ['  ', ''],
  ])('%j → %j', (raw, expected) => {
    expect(normalizePersonName(raw)).toBe(expected);
  });

  it('makes token order irrelevant through the sorted key', () => {
    expect(sortedNameKey(normalizePersonName('Santoso Budi'))).toBe(
      sortedNameKey(normalizePersonName('BUDI SANTOSO')),
    );
  });

  const anyName = fc.string({ maxLength: 40 });
  it('is idempotent', () => {
    fc.assert(
      fc.property(anyName, (raw) => {
        const once = normalizePersonName(raw);
        expect(normalizePersonName(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('yields lower-case ASCII words separated by single spaces', () => {
    fc.assert(
      fc.property(anyName, (raw) => {
        expect(normalizePersonName(raw)).toMatch(/^(?:[a-z]+(?: [a-z]+)*)?$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('ignores case and a leading title', () => {
    const word = fc.stringMatching(/^[A-Za-z]{2,10}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('H.', 'Hj.', 'Drs.', 'Ir.'),
        (words, title) => {
          const name = words.join(' ');
          const plain = normalizePersonName(name);
          fc.pre(!['h', 'hj', 'drs', 'ir'].includes(plain.split(' ')[0]!));
          expect(normalizePersonName(name.toUpperCase())).toBe(plain);
          expect(normalizePersonName(`${title} ${name}`)).toBe(plain);
        },
      ),
    );
  });
});
