import { describe, expect, it } from 'vitest';
import { baselineOf, povertyTerciles, regencyTercileStrata, type ClusterCounts } from './cluster-strata.js';

const cluster = (key: string, households: number, poorest: number, over: Partial<ClusterCounts> = {}) => ({
  key,
  villageCode: key,
  households,
  poorest,
  persons: households * 4,
  femaleHeaded: 0,
  recipients: 0,
  cooperatives: 0,
  ...over,
});

describe('cluster strata', () => {
  it('baseline: shares per household, presence as 0/1, null without households', () => {
    expect(
      baselineOf(
        cluster('53.01.01.2001', 8, 2, { persons: 30, femaleHeaded: 1, recipients: 5, cooperatives: 2 }),
      ),
    ).toEqual({
      share_decile_1_2: 0.25,
      household_size: 3.75,
      share_female_headed: 0.125,
      recipients: 5,
      cooperative_presence: 1,
    });
    expect(baselineOf(cluster('x', 0, 0)).share_decile_1_2).toBeNull();
  });

  it('terciles: the poorest third first, sizes ⌊n/3⌋ or ⌈n/3⌉, ties by key', () => {
    // shares 0.9, 0.8, 0.5, 0.5, 0.2, 0.1, 0.0
    const cs = [
      cluster('g', 10, 0),
      cluster('a', 10, 9),
      cluster('c', 10, 5),
      cluster('b', 10, 8),
      cluster('d', 20, 10),
      cluster('e', 10, 2),
      cluster('f', 10, 1),
    ];
    const t = povertyTerciles(cs);
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => t.get(k))).toEqual([1, 1, 1, 2, 2, 3, 3]);
    const counts = [1, 2, 3].map((x) => [...t.values()].filter((v) => v === x).length);
    expect(counts).toEqual([3, 2, 2]);
  });

  it('strata name the regency and the tercile', () => {
    const s = regencyTercileStrata([
      cluster('53.01.01.2001', 10, 9),
      cluster('53.02.01.2001', 10, 1),
      cluster('53.01.01.2002', 10, 5),
    ]);
    expect(s.get('53.01.01.2001')).toBe('53.01/T1');
    expect(s.get('53.01.01.2002')).toBe('53.01/T2');
    expect(s.get('53.02.01.2001')).toBe('53.02/T3');
  });
});
