/**
 * Opt-in: renders the detail page of the seeded 赵磊 in headless Chromium at a phone's width, for
 * docs/cards/h5-scorecard.png. Run with `H5_SCREENSHOT=docs/cards/h5-scorecard.png npx jest test/http/h5-screenshot`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { signViewerToken } from '../../src/http/auth';
import { startHarness, type Harness } from '../helpers/app';
import { FRIDAY, seedWeek, WEEK } from '../jobs/weekly-scorecard-helpers';

const out = process.env.H5_SCREENSHOT;
const maybe = out ? describe : describe.skip;

maybe('H5 scorecard page screenshot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ app: { clock: () => FRIDAY }, env: { WECOM_CALLBACK_MAX_SKEW_S: '0', PERFBOT_HR_USERIDS: 'heping' } });
    await seedWeek(h.ds);
  });
  afterAll(async () => {
    await h.close();
  });

  it('renders in Chromium', async () => {
    const t = signViewerToken(h.config.linkSecret, 'zhaolei', new Date(FRIDAY.getTime() + 3600_000), { path: '/h5/scorecard', params: { user: 'zhaolei', period: WEEK } });
    const url = `${h.app.url}/h5/scorecard?user=zhaolei&period=${WEEK}&t=${t}`;
    const file = path.resolve(out!);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Asynchronous: the page is served by this very process.
    await promisify(execFile)(process.env.CHROMIUM ?? '/usr/bin/chromium', [
      '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${file}`, `--window-size=390,${process.env.H5_HEIGHT ?? 1400}`, url,
    ], { timeout: 60_000 });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  }, 90_000);
});
