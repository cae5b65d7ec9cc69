import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, type Lang } from '../format.js';
import { echarts } from './echarts.js';

type Option = Parameters<ReturnType<typeof echarts.init>['setOption']>[0];
type Axis = { type?: string; axisLabel?: Record<string, unknown> } & Record<string, unknown>;

/**
 * Value axes and tooltips in the user's number format (Indonesian "5.000", not ECharts' "5,000"): every chart
 * goes through here, so no page can forget it. An axis that brings its own formatter keeps it.
 */
export function localiseNumbers(option: Option, lang: Lang): Option {
  const fmt = (v: unknown) =>
    typeof v === 'number' ? formatNumber(v, lang, Number.isInteger(v) ? 0 : 1) : String(v);
  const axis = (a: unknown): unknown => {
    if (Array.isArray(a)) return a.map(axis);
    const x = a as Axis | undefined;
    if (!x || x.type !== 'value' || x.axisLabel?.['formatter']) return a;
    return { ...x, axisLabel: { ...x.axisLabel, formatter: fmt } };
  };
  const o = option as Record<string, unknown>;
  const tooltip = o['tooltip'] as Record<string, unknown> | undefined;
  return {
    ...o,
    ...(o['xAxis'] ? { xAxis: axis(o['xAxis']) } : {}),
    ...(o['yAxis'] ? { yAxis: axis(o['yAxis']) } : {}),
    ...(tooltip && !tooltip['valueFormatter'] ? { tooltip: { ...tooltip, valueFormatter: fmt } } : {}),
  };
}

/**
 * One ECharts canvas. The chart is a picture for sighted users: `label` names it for assistive technology,
 * and every page shows the same figures in a table beside it.
 */
export function Chart({
  option,
  label,
  height = 320,
  onClick,
}: {
  option: Option;
  label: string;
  height?: number;
  onClick?: (name: string) => void;
}) {
  const { i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => click.current?.(String(params.name)));
    // A page change can dispose the chart between a size change and its callback: resize only a live chart.
    const resize = new ResizeObserver(() => {
      if (!instance.isDisposed()) instance.resize();
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      instance.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      { aria: { enabled: true }, animation: false, ...(localiseNumbers(option, lang) as object) },
      true,
    );
  }, [option, lang]);

  return <div ref={box} className="chart" role="img" aria-label={label} style={{ height }} />;
}
