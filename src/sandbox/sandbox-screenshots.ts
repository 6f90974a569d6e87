/**
 * `npm run docs:sandbox`: the README's sandbox pictures, taken from the sandbox page itself. Starts
 * the whole sandbox (demo factory, app, throwaway SQLite) on a pinned day, plays a short story in
 * headless Chromium as a newcomer would, and screenshots the page at each step into docs/screenshots.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../logger';
import { startDemoStack } from './demo-stack';

/** Thursday 2026-11-26 10:00 in Shanghai: the week has data, Friday's push is a click away. */
const START = new Date('2026-11-26T02:00:00Z');

async function main(outDir: string): Promise<void> {
  // playwright-core is a dev dependency: loaded only by this script, never by the service.
  const { chromium } = await import('playwright-core');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfbot-screens-'));
  const stack = await startDemoStack({ databaseUrl: `sqlite:${path.join(dir, 'demo.sqlite')}`, start: START, logger: createLogger('error') });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-background-networking'] });
  fs.mkdirSync(outDir, { recursive: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1 });
    page.setDefaultTimeout(30_000);
    /** The phone alone (narrow, for a row of steps in the README), or the whole page. */
    const shoot = (name: string, whole = false) =>
      whole ? page.screenshot({ path: path.join(outDir, `${name}.png`) }) : page.locator('#phone').screenshot({ path: path.join(outDir, `${name}.png`) });
    const openAs = async (userid: string) => {
      await page.goto(`${stack.pageUrl}?as=${userid}`);
      await page.locator(`#phone[data-user="${userid}"]`).waitFor();
    };
    const say = async (text: string) => {
      await page.locator('#text').fill(text);
      await page.locator('#composer button[type=submit]').click();
    };
    const last = (text: string | RegExp) => page.locator('#chat .msg.app').filter({ hasText: text }).last();
    const pin = async (text: string) => {
      await last(text).waitFor();
      return page.locator(`#chat .msg[data-id="${await last(text).getAttribute('data-id')}"]`);
    };

    // 1. 李华's praise: 表扬, tap 赵磊, tap a tag; the card says 已记录 in place.
    await openAs('lihua');
    await say('表扬');
    const praise = await pin('要表扬谁');
    await shoot('sandbox-praise-1');
    await praise.locator('button', { hasText: '赵磊' }).click();
    await praise.locator('button', { hasText: '主动加班支援' }).waitFor();
    await shoot('sandbox-praise-2');
    await praise.locator('button', { hasText: '主动加班支援' }).click();
    await praise.locator('.btn', { hasText: '已记录' }).waitFor();
    await shoot('sandbox-praise-3');
    await shoot('sandbox-page', true);

    // 2. 吴昊's appeal with a photo; 周敏 sees it and decides.
    const photo = await browser.newPage({ viewport: { width: 320, height: 200 } });
    await photo.setContent('<body style="margin:0;display:flex;align-items:center;justify-content:center;height:200px;background:#fdf6e3;font:22px sans-serif"><div style="border:3px solid #333;padding:16px 20px">外协件 批次 WX-1124<br><small>来料：苏州精工</small></div></body>');
    const picture = await photo.screenshot();
    await photo.close();
    await openAs('wuhao');
    await say('申诉 本周抽检差错率含外协件，应剔除');
    await last(/申诉 #\d+ 已提交/).waitFor();
    await page.locator('#file').setInputFiles({ name: '外协件标签.png', mimeType: 'image/png', buffer: picture });
    await last('已保存证据').waitFor();
    await shoot('sandbox-appeal-employee');
    await openAs('zhoumin');
    const request = await pin('员工申诉待处理');
    await page.locator('#chat .msg.app img.pic').first().waitFor();
    await request.locator('button', { hasText: '调整得分' }).click();
    await last('请回复要调整的指标').waitFor();
    await say('抽检差错率 100 外协件的差错已剔除，见质检单 QC-1128');
    await request.filter({ hasText: '员工申诉已调整得分' }).waitFor();
    await shoot('sandbox-appeal-approver');

    // 3. 何萍 (HR) asks for a ranking.
    await openAs('heping');
    await say('排行 质量部 本月');
    await last('绩效排行').waitFor();
    await shoot('sandbox-ranking');

    // 4. The clock control: Friday 17:00, and the weekly scorecard arrives.
    await openAs('wuhao');
    await page.locator('button[data-clock="friday"]').click();
    await last('本周绩效').waitFor({ timeout: 120_000 });
    await shoot('sandbox-friday');
  } finally {
    await browser.close();
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`sandbox screenshots written to ${outDir}`);
}

if (require.main === module) {
  main(path.resolve(process.argv[2] ?? 'docs/screenshots')).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
