import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { formatNumber, type Lang } from '../format.js';
import topology from '../geo/indonesia-38-provinces.topo.json';
import { classOf, quantileBreaks } from '../quantiles.js';
import { Chart } from './Chart.js';
import { echarts } from './echarts.js';

const OBJECT = 'indonesia-38-prov-topo';
/** Five sequential blues, light to dark, each readable against the map's outline (ColorBrewer "Blues"). */
export const CLASS_COLOURS = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];
const NO_DATA = '#d9d9d9';

let registered = false;
function registerMap() {
  if (registered) return;
  const topo = topology as unknown as Topology<{ [OBJECT]: GeometryCollection }>;
  const geo = feature(topo, topo.objects[OBJECT]);
  echarts.registerMap('indonesia-38', geo as unknown as Parameters<typeof echarts.registerMap>[1]);
  registered = true;
}

export interface ProvinceValue {
  code: string;
  name: string;
  value: number | null;
}

/** The national choropleth: provinces coloured by quantile class of `value`, with its legend and credit. */
export function ProvinceMap({
  values,
  label,
  onSelect,
}: {
  values: ProvinceValue[];
  label: string;
  onSelect: (code: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  registerMap();
  const classes = useMemo(
    () =>
      quantileBreaks(
        values.flatMap((v) => (v.value !== null && v.value > 0 ? [v.value] : [])),
        CLASS_COLOURS.length,
      ),
    [values],
  );
  const bounds = [classes.min, ...classes.breaks, classes.max];
  // Fewer classes than colours (few regions with data): use the darker end, so every class stands out.
  const colours = useMemo(
    () => CLASS_COLOURS.slice(CLASS_COLOURS.length - (classes.breaks.length + 1)),
    [classes],
  );
  const legend = colours.map((colour, k) => ({
    colour,
    text:
      bounds[k] === bounds[k + 1]
        ? formatNumber(bounds[k]!, lang)
        : `${formatNumber(bounds[k]!, lang)} – ${formatNumber(bounds[k + 1]!, lang)}`,
  }));
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' as const },
      series: [
        {
          type: 'map' as const,
          map: 'indonesia-38',
          nameProperty: 'KODE_PROV',
          roam: false,
          selectedMode: false as const,
          itemStyle: { borderColor: '#555', borderWidth: 0.5, areaColor: NO_DATA },
          emphasis: { label: { show: false }, itemStyle: { areaColor: '#fdae6b' } },
          tooltip: {
            formatter: (p: { name: string; value: number }) => {
              const v = values.find((x) => x.code === p.name);
              return `${v?.name ?? p.name}: ${Number.isFinite(p.value) ? formatNumber(p.value, lang) : t('overview.noData')}`;
            },
          },
          data: values.map((v) => ({
            name: v.code,
            value: v.value ?? Number.NaN,
            itemStyle: {
              areaColor: v.value !== null && v.value > 0 ? colours[classOf(v.value, classes)] : NO_DATA,
            },
          })),
        },
      ],
    }),
    [values, classes, colours, lang, t],
  );
  return (
    <figure className="map">
      <Chart option={option} label={label} height={340} onClick={(code) => onSelect(code)} />
      <figcaption>
        <span className="legend-title">{t('overview.legend')}</span>
        <ul className="legend">
          {legend.map((l) => (
            <li key={l.text}>
              <span className="swatch" style={{ background: l.colour }} aria-hidden="true" /> {l.text}
            </li>
          ))}
          <li>
            <span className="swatch" style={{ background: NO_DATA }} aria-hidden="true" />{' '}
            {t('overview.noData')}
          </li>
        </ul>
        <small className="credit">{t('overview.mapCredit')}</small>
      </figcaption>
    </figure>
  );
}
