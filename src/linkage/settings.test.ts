import { describe, expect, it } from 'vitest';
import { deduplicatedSides, parseSettings } from './settings.js';

const base = { id: 'id', fields: [{ column: 'name', type: 'name' }] };

describe('deduplicated inputs', () => {
  it('both lists deduplicated: one-to-one by default, unless the settings turn it off', () => {
    const both = parseSettings({ ...base, deduplicated: 'both' }, 's.json');
    expect(both.oneToOne).toBe(true);
    expect(deduplicatedSides(both)).toEqual({ left: true, right: true });
    const off = parseSettings({ ...base, deduplicated: 'both', one_to_one: false }, 's.json');
    expect(off.oneToOne).toBe(false);
    expect(deduplicatedSides(off)).toEqual({ left: true, right: true });
  });

  it('one side: its records are competed for, no assignment; one_to_one alone declares both', () => {
    const left = parseSettings({ ...base, deduplicated: 'left' }, 's.json');
    expect(left.oneToOne).toBe(false);
    expect(deduplicatedSides(left)).toEqual({ left: true, right: false });
    expect(deduplicatedSides(parseSettings({ ...base, one_to_one: true }, 's.json'))).toEqual({
      left: true,
      right: true,
    });
    expect(deduplicatedSides(parseSettings(base, 's.json'))).toEqual({ left: false, right: false });
  });

  it('names the file and the allowed values for anything else', () => {
    expect(() => parseSettings({ ...base, deduplicated: 'yes' }, 's.json')).toThrow(
      's.json: "deduplicated" must be one of none, left, right, both',
    );
  });
});
