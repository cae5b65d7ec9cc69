import { compareRegions, regionDigits } from './region-field.js';
import { defineField, normaliseText, type FieldComparator } from './field.js';
import { compareTexts, TEXT_LEVELS } from './text-field.js';

/** Levels of an address compared within its village: the text levels when the villages agree, else one level. */
export const ADDRESS_LEVELS = [...TEXT_LEVELS.map((l) => `same village, ${l}`), 'another village'];

interface AddressFeature {
  norm: string;
  words: string[];
  region: string;
}

/**
 * An address compared only within the same village (columns: the address, then the region code). An address
 * names a place inside a village (an RT/RW, a hamlet, often the village's name too), so agreeing addresses
 * agree on the village as well: counted as independent evidence beside the village field, a namesake relative
 * at the same address gained the village's bits twice (hard profile, 1 M: pairs stated at 0.72 matched at
 * 0.39). Its weight is therefore conditional — P(address level | same village) under match and non-match
 * (model.ts, bayesFactors with `within`) — and an address in another village adds nothing: the village field
 * has said it.
 */
export function addressWithinRegionField(column: string, regionColumn: string): FieldComparator {
  const other = ADDRESS_LEVELS.length;
  return defineField<AddressFeature>({
    label: column,
    type: 'text',
    columns: [column, regionColumn],
    levels: ADDRESS_LEVELS,
    tf: false,
    within: regionColumn,
    prepare: ([address, region]) => {
      const digits = region ? regionDigits(region) : null;
      const norm = address ? normaliseText(address) : '';
      return digits && norm ? { norm, words: norm.split(' '), region: digits } : null;
    },
    compare: (a, b) => (compareRegions(a.region, b.region) === 1 ? compareTexts(a, b) : other),
    exactKey: (f) => `${f.region}|${f.norm}`,
    blockKey: (f, modifier) => (modifier === 'first' ? f.words[0]! : f.norm),
  });
}
