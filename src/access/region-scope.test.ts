import { describe, expect, it } from 'vitest';
import { effectiveRegions, regionInScope } from './region-scope.js';

describe('region scope', () => {
  const kupang = { kind: 'regions' as const, codes: ['53.01', '53.71'] };
  it('covers the scope regions and their descendants only', () => {
    expect(regionInScope('53.01', kupang)).toBe(true);
    expect(regionInScope('53.01.05.2001', kupang)).toBe(true);
    expect(regionInScope('53', kupang)).toBe(false);
    expect(regionInScope('53.011', kupang)).toBe(false);
    expect(regionInScope('53.02.01', kupang)).toBe(false);
    expect(regionInScope('53.02.01', { kind: 'national' })).toBe(true);
    expect(regionInScope('53.01', { kind: 'cooperative', cooperativeId: 1 })).toBe(false);
  });
  it('narrows filters to the scope', () => {
    expect(effectiveRegions({ kind: 'national' }, undefined)).toBeNull();
    expect(effectiveRegions({ kind: 'national' }, '33')).toEqual(['33']);
    expect(effectiveRegions(kupang, undefined)).toEqual(['53.01', '53.71']);
    expect(effectiveRegions(kupang, '53.01.05')).toEqual(['53.01.05']);
    expect(effectiveRegions(kupang, '53')).toEqual(['53.01', '53.71']);
    expect(effectiveRegions(kupang, '33')).toEqual([]);
    expect(effectiveRegions({ kind: 'cooperative', cooperativeId: 1 }, undefined)).toEqual([]);
  });
});
