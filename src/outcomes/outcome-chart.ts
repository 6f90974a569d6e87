/**
 * The monthly card's picture: the last months' trend of four headline measures (turnover, delivery
 * cycle, suggestions per month, completeness), one small line chart each, with the baseline as a
 * dashed line. ECharts renders SVG on the server, resvg a PNG (as the nine-box picture does).
 */
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { cjkFontFiles } from '../talent/nine-box-chart';
import type { MeasureRow, OutcomeSpan } from './measures';
import type { OutcomeReport } from './report';

export const OUTCOME_CHART_WIDTH = 960;
export const OUTCOME_CHART_HEIGHT = 600;
const FONT_FAMILY = 'Noto Sans CJK SC';
export const CHART_MEASURES = ['core_turnover', 'cross_dept_cycle', 'suggestions', 'completeness'] as const;

export interface OutcomeChartInput {
  title: string;
  trend: ReadonlyArray<{ span: OutcomeSpan; rows: MeasureRow[] }>;
  report: OutcomeReport;
}

export function renderOutcomeSvg(input: OutcomeChartInput): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: OUTCOME_CHART_WIDTH, height: OUTCOME_CHART_HEIGHT });
  const months = input.trend.map((t) => t.span.key.slice(2));
  const cells = CHART_MEASURES.map((code, i) => ({ code, i, left: i % 2 === 0 ? 70 : 550, top: i < 2 ? 90 : 350 }));
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    title: [
      { text: input.title, left: 'center', top: 12, textStyle: { fontSize: 20, fontFamily: FONT_FAMILY } },
      ...cells.map((c) => {
        const row = input.report.rows.find((r) => r.code === c.code)!;
        const base = row.before?.value != null ? `（基线 ${row.before.text}）` : '';
        return { text: `${row.name}${base}`, left: c.left - 40, top: c.top - 40, textStyle: { fontSize: 14, fontFamily: FONT_FAMILY } };
      }),
    ],
    grid: cells.map((c) => ({ left: c.left, top: c.top, width: 360, height: 180 })),
    xAxis: cells.map((c) => ({ type: 'category', gridIndex: c.i, data: months, axisLabel: { fontSize: 11 } })),
    yAxis: cells.map((c) => ({ type: 'value', gridIndex: c.i, axisLabel: { fontSize: 11 }, scale: false })),
    series: cells.flatMap((c) => {
      const row = input.report.rows.find((r) => r.code === c.code)!;
      const values = input.trend.map((t) => t.rows.find((r) => r.code === c.code)?.value.value ?? null);
      const line = { type: 'line', xAxisIndex: c.i, yAxisIndex: c.i, data: values, connectNulls: false, symbolSize: 6, label: { show: true, fontSize: 10 } };
      const baseline = row.before?.value;
      return baseline == null ? [line] : [line, { type: 'line', xAxisIndex: c.i, yAxisIndex: c.i, data: months.map(() => baseline), symbol: 'none', lineStyle: { type: 'dashed', color: '#999999' } }];
    }),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export function renderOutcomePng(input: OutcomeChartInput): Buffer {
  const fontFiles = cjkFontFiles();
  if (fontFiles.length === 0) throw new Error('no CJK font found for the outcome chart: install fonts-noto-cjk');
  return new Resvg(renderOutcomeSvg(input), { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY }, fitTo: { mode: 'original' } }).render().asPng();
}
