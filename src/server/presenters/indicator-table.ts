import type { ChildrenReading } from '../../indicators/indicator-read.js';
import type { ExportCell } from '../../shared/spreadsheet-export.js';

/** The columns of an indicator table download (the M&E page's table, one row per region and category). */
export const INDICATOR_TABLE_HEADERS = [
  'indicator',
  'period',
  'region_code',
  'region_name',
  'region_level',
  'disaggregation',
  'category',
  'numerator',
  'denominator',
  'value',
  'unit',
] as const;

/**
 * The node first, then every child region in code order; a region with nothing counted keeps one row with
 * empty figures, so the download lists the same regions as the page.
 */
export function indicatorTableRows(r: ChildrenReading): ExportCell[][] {
  const regions = [
    {
      region_code: r.region,
      region_name: r.region_name,
      region_level: regionLevel(r.region),
      values: r.values,
    },
    ...r.children,
  ];
  return regions.flatMap((region) => {
    const head = [r.def.id, r.period ?? '', region.region_code, region.region_name, region.region_level];
    if (region.values.length === 0) return [[...head, r.disaggregation, '', null, null, null, r.def.unit]];
    return region.values.map((v) => [
      ...head,
      v.disaggregation,
      v.category,
      v.numerator,
      v.denominator,
      v.value,
      r.def.unit,
    ]);
  });
}

/** 0 for the nation (''), else the number of parts of the code (53 → 1, 53.01 → 2, …). */
function regionLevel(code: string): number {
  return code === '' ? 0 : code.split('.').length;
}
