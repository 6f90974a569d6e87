/** The grid picture: a real PNG of the expected size, with the box names drawn in a CJK font. */
import zlib from 'node:zlib';
import { DEFAULT_BOXES } from '../../src/talent/boxes';
import { CHART_HEIGHT, CHART_WIDTH, renderNineBoxPng, renderNineBoxSvg } from '../../src/talent/nine-box-chart';

const input = { title: '2026年第4季度 人才九宫格', boxes: DEFAULT_BOXES.map((box, i) => ({ box, count: i })) };

/** Reads the IHDR and inflates the image data: enough to know the file decodes. */
function decodePng(buf: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') ({ width, height } = { width: data.readUInt32BE(0), height: data.readUInt32BE(4) });
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  return { width, height, pixels: zlib.inflateSync(Buffer.concat(idat)) };
}

describe('the nine-box picture', () => {
  it('the SVG names every box with its count', () => {
    const svg = renderNineBoxSvg(input);
    for (const [i, b] of DEFAULT_BOXES.entries()) expect(svg).toContain(`${b.name}`), expect(svg).toContain(`${i} 人`);
  });

  it('rasterises to a PNG that decodes, at the chart size', () => {
    const png = renderNineBoxPng(input);
    const { width, height, pixels } = decodePng(png);
    expect([width, height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    // one filter byte per row plus RGBA pixels
    expect(pixels.length).toBe(height * (1 + width * 4));
  });
});
