import type { IndicatorDefinition } from '../definition.js';

/** A definition for the committed-SQL samples: a ratio with two periods and a disaggregation. */
export const SAMPLE_DEFINITION: IndicatorDefinition = {
  id: 'extreme_poor_share',
  name: { id: 'Proporsi', en: 'Share' },
  description: { id: 'Proporsi', en: 'Share' },
  subject: 'household_snapshots',
  numerator: { sum: null, where: ['extreme_poor'] },
  denominator: { sum: null, where: [] },
  factor: 100,
  unit: 'percent',
  periods: ['month', 'year'],
  disaggregations: ['decile'],
};
