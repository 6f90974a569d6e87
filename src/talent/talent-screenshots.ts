/**
 * `npm run docs:talent`: the README's talent-review pictures, from the real thing. Starts the sandbox
 * (demo factory, app, throwaway SQLite) on 1 January 2027, runs the quarterly job for 2026-Q4, keeps
 * the nine-box PNG HR receives, and screenshots HR's nine-box page in headless Chromium.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TalentReview } from '../entities';
import { signViewerToken } from '../http/auth';
import { createLogger } from '../logger';
import { startDemoStack } from '../sandbox/demo-stack';
import { renderNineBoxPng } from './nine-box-chart';
import { talentQuarterlyJob } from './talent-quarterly-job';
import { countByBox, reviewRows } from './talent-reviews';

const FIRED = new Date('2027-01-01T01:00:00Z');

async function main(outDir: string): Promise<void> {
  const { chromium } = await import('playwright-core'); // a dev dependency: only this script loads it
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfbot-talent-'));
  const stack = await startDemoStack({ databaseUrl: `sqlite:${path.join(dir, 'demo.sqlite')}`, start: FIRED, historySince: new Date('2026-07-01T00:00:00+08:00'), logger: createLogger('error') });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-background-networking'] });
  fs.mkdirSync(outDir, { recursive: true });
  try {
    await stack.app.jobs.runJob(talentQuarterlyJob, FIRED);
    await stack.app.settle();
    const review = await stack.ds.getRepository(TalentReview).findOneByOrFail({ quarterKey: '2026-Q4' });
    const rows = await reviewRows(stack.ds, review);
    fs.writeFileSync(path.join(outDir, 'talent-nine-box.png'), renderNineBoxPng({ title: '2026年第4季度 人才九宫格（演示工厂）', boxes: countByBox(rows, review.boxes) }));
    const t = signViewerToken(stack.config.linkSecret, 'heping', new Date(FIRED.getTime() + 3_600_000), { path: '/h5/talent', params: { quarter: '2026-Q4', department: '4' } });
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(`${stack.app.url}/h5/talent?quarter=2026-Q4&department=4&t=${t}`);
    await page.screenshot({ path: path.join(outDir, 'talent-page.png'), fullPage: false });
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main(process.argv[2] ?? 'docs/screenshots').then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
