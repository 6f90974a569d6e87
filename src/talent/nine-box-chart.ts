/**
 * The nine-box grid as a picture for the quarterly card: ECharts renders an SVG on the server (no
 * browser), resvg turns it into a PNG. Needs a CJK font on the machine (fonts-noto-cjk in the
 * Dockerfile and CI); without one the Chinese labels would be empty boxes, so we refuse instead.
 */
import fs from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { BoxDefinition } from './boxes';

export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 560;
const FONT_FAMILY = 'Noto Sans CJK SC';
const FONT_DIRS = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/truetype/noto', '/usr/share/fonts/noto-cjk'];

export interface NineBoxChartInput {
  title: string;
  boxes: ReadonlyArray<{ box: BoxDefinition; count: number }>;
}

const LEVEL_INDEX = { low: 0, mid: 1, high: 2 } as const;

export function renderNineBoxSvg(input: NineBoxChartInput): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: CHART_HEIGHT });
  const max = Math.max(1, ...input.boxes.map((b) => b.count));
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    title: { text: input.title, left: 'center', top: 12, textStyle: { fontSize: 20, fontFamily: FONT_FAMILY } },
    grid: { left: 90, right: 30, top: 64, bottom: 70 },
    xAxis: { type: 'category', data: ['业绩低', '业绩中', '业绩高'], name: '业绩 →', nameLocation: 'middle', nameGap: 40, splitArea: { show: true }, axisLabel: { fontSize: 14 } },
    yAxis: { type: 'category', data: ['潜力低', '潜力中', '潜力高'], name: '潜力 →', nameLocation: 'middle', nameGap: 60, splitArea: { show: true }, axisLabel: { fontSize: 14 } },
    visualMap: { show: false, min: 0, max, inRange: { color: ['#eef4ff', '#3a7afe'] } },
    series: [
      {
        type: 'heatmap',
        data: input.boxes.map((b) => ({ value: [LEVEL_INDEX[b.box.performance], LEVEL_INDEX[b.box.potential], b.count], name: b.box.name })),
        label: {
          show: true,
          fontSize: 16,
          lineHeight: 26,
          fontFamily: FONT_FAMILY,
          formatter: (p: { name: string; value: number[] }) => `${p.name}\n${p.value[2]} 人`,
        },
        itemStyle: { borderColor: '#ffffff', borderWidth: 4 },
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export function cjkFontFiles(): string[] {
  const files: string[] = [];
  for (const dir of FONT_DIRS) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) if (/NotoSansCJK.*\.(ttc|otf)$/i.test(f)) files.push(`${dir}/${f}`);
  }
  return files;
}

export function renderNineBoxPng(input: NineBoxChartInput): Buffer {
  const fontFiles = cjkFontFiles();
  if (fontFiles.length === 0) throw new Error('no CJK font found for the nine-box picture: install fonts-noto-cjk');
  const resvg = new Resvg(renderNineBoxSvg(input), { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY }, fitTo: { mode: 'original' } });
  return resvg.render().asPng();
}
