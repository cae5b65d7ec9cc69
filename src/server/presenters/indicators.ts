import { Type } from 'typebox';
import { Nullable } from '../schemas.js';

export { presentChildren, presentIndicator, presentReading } from '../../indicators/indicator-presenter.js';

const Bilingual = Type.Object({ id: Type.String(), en: Type.String() });
const Quantity = Type.Object({
  sum: Nullable(Type.String({ description: 'measure summed; null = rows counted' })),
  where: Type.Array(Type.String(), { description: 'flags every counted row has' }),
});

export const IndicatorDefinitionSchema = Type.Object({
  id: Type.String(),
  name: Bilingual,
  description: Bilingual,
  subject: Type.String({ description: 'what one counted row is (docs/INDICATORS.md)' }),
  numerator: Quantity,
  denominator: Nullable(Quantity),
  factor: Type.Integer({ description: '1, 100 or 1000' }),
  unit: Type.String(),
  periods: Type.Array(Type.String()),
  disaggregations: Type.Array(Type.String()),
});

export const IndicatorSchema = Type.Object({
  ...IndicatorDefinitionSchema.properties,
  set: Type.String(),
  version: Nullable(
    Type.Integer({ description: 'stored version of this definition; null = never refreshed' }),
  ),
  refreshed_at: Nullable(Type.String({ format: 'date-time' })),
  stale: Type.Boolean({ description: 'the data changed since the last refresh, or it never ran' }),
  needs_full_refresh: Type.Boolean({
    description: 'never refreshed fully, or a revert, linkage run or new list month changed every region',
  }),
  stale_regencies: Type.Array(Type.String(), {
    description:
      'regencies (PP.RR) with rows added since their last refresh (`refresh --changed` recomputes them)',
  }),
});

export const IndicatorValuesSchema = Type.Object({
  indicator: IndicatorDefinitionSchema,
  version: Nullable(Type.Integer()),
  region: Nullable(Type.String({ description: 'null = Indonesia' })),
  refreshed_at: Nullable(Type.String({ format: 'date-time' })),
  values: Type.Array(
    Type.Object({
      region_code: Nullable(Type.String()),
      region_name: Type.String(),
      region_level: Type.Integer({ description: '0 nation, 1 province, 2 regency, 3 district, 4 village' }),
      period: Type.String(),
      disaggregation: Type.String({ description: "'' = total" }),
      category: Type.String(),
      numerator: Type.Number(),
      denominator: Nullable(Type.Number()),
      value: Nullable(
        Type.Number({ description: 'factor × numerator / denominator; null when the denominator is 0' }),
      ),
    }),
  ),
});

const ChildValueSchema = Type.Object({
  period: Type.String(),
  disaggregation: Type.String({ description: "'' = total" }),
  category: Type.String(),
  numerator: Type.Number(),
  denominator: Nullable(Type.Number()),
  value: Nullable(
    Type.Number({ description: 'factor × numerator / denominator; null when the denominator is 0' }),
  ),
});

export const IndicatorChildrenSchema = Type.Object({
  indicator: IndicatorDefinitionSchema,
  version: Nullable(Type.Integer({ description: 'null = never refreshed (no values)' })),
  region: Nullable(Type.String({ description: 'the node; null = Indonesia' })),
  region_name: Type.String(),
  period: Nullable(
    Type.String({ description: "the period read: as asked, else the node's latest (finest granularity)" }),
  ),
  disaggregation: Type.String({ description: "'' = totals" }),
  refreshed_at: Nullable(Type.String({ format: 'date-time' })),
  values: Type.Array(ChildValueSchema, { description: "the node's own values" }),
  children: Type.Array(
    Type.Object({
      region_code: Type.String(),
      region_name: Type.String(),
      region_level: Type.Integer({ description: '1 province, 2 regency, 3 district, 4 village' }),
      values: Type.Array(ChildValueSchema, { description: 'empty: nothing counted in this region' }),
    }),
    { description: 'every child region of the node, in code order' },
  ),
});
