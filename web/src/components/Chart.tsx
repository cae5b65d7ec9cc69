import { useEffect, useRef } from 'react';
import { echarts } from './echarts.js';

type Option = Parameters<ReturnType<typeof echarts.init>['setOption']>[0];

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
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element);
    return () => {
      resize.disconnect();
      instance.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, animation: false, ...option }, true);
  }, [option]);

  return <div ref={box} className="chart" role="img" aria-label={label} style={{ height }} />;
}
