/**
 * The sandbox page's upload: POST /sandbox/upload (multipart, as the page's ＋ button sends it)
 * stores the file as WeCom media and delivers an image or file callback, so the app fetches it with
 * media/get exactly as from a phone. Here as appeal evidence: a photo and a PDF.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Appeal } from '../../src/entities';
import { startHarness, Harness } from '../helpers/app';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n% 抽检记录\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('sandbox upload (pictures and files in chat)', () => {
  let h: Harness;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfbot-upload-'));
    h = await startHarness({ env: { PERFBOT_DATA_DIR: dataDir } });
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const upload = async (from: string, name: string, type: string, data: Buffer) => {
    const form = new FormData();
    form.append('from', from);
    form.append('file', new Blob([data], { type }), name);
    const res = await fetch(`${h.sim.url}/sandbox/upload`, { method: 'POST', body: form });
    return { status: res.status, body: (await res.json()) as { status?: number; error?: string } };
  };

  it('delivers a photo and a PDF as evidence through media upload and callbacks', async () => {
    await h.sim.sendText('wuhao', '申诉 本周抽检差错率含外协件，应剔除');
    await h.app.settle();
    expect((await upload('wuhao', '外协件.png', 'image/png', PNG)).body.status).toBe(200);
    await h.app.settle();
    expect((await upload('wuhao', '抽检记录.pdf', 'application/pdf', PDF)).body.status).toBe(200);
    await h.app.settle();

    const appeal = await h.ds.getRepository(Appeal).findOneByOrFail({ userId: 'wuhao' });
    expect(appeal.evidence.map((e) => e.filename)).toEqual(['外协件.png', '抽检记录.pdf']);
    const stored = appeal.evidence.map((e) => fs.readFileSync(path.join(dataDir, e.storedPath!)));
    expect(stored).toEqual([PNG, PDF]);
    // The page shows what 吴昊 sent: the picture inline and the file as a link.
    const feed = (await (await fetch(`${h.sim.url}/sandbox/feed?user=wuhao`)).json()) as { items: Array<{ side: string; html: string }> };
    const mine = feed.items.filter((i) => i.side === 'me').map((i) => i.html);
    expect(mine[1]).toContain('<img class="pic"');
    expect(mine[2]).toContain('抽检记录.pdf');
  });

  it('refuses an upload without a sender or a file, and a file WeCom would refuse', async () => {
    const form = new FormData();
    form.append('from', 'wuhao');
    expect((await fetch(`${h.sim.url}/sandbox/upload`, { method: 'POST', body: form })).status).toBe(400);
    const tiny = await upload('wuhao', 'a.png', 'image/png', Buffer.from('abc'));
    expect(tiny.status).toBe(400);
    expect(tiny.body.error).toContain('5 bytes');
  });
});
