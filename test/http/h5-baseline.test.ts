/**
 * The detail page shows, for each metric an alert rule watches, the baseline and how it was
 * computed (the weeks and values, so it can be checked by hand) and the rule's threshold; a person
 * with too few weeks of their own gets the position's baseline, said so. Over HTTP, real app.
 */
import request from 'supertest';
import { signViewerToken } from '../../src/http/auth';
import { startHarness, type Harness } from '../helpers/app';
import { assign, completedRecord, insertRecords, seedLibrary, weeksEnding } from '../alerts/seed-history';

const NOW = new Date('2026-11-30T09:00:00+08:00');
const PAGE = '/h5/scorecard';
// 赵磊 before W48: W39–W47 with W44 missing (not a comparable week); older weeks at 50, outside the last 8.
const ZHAO: Record<string, number> = { '2026-W47': 40, '2026-W46': 44, '2026-W45': 39, '2026-W43': 41, '2026-W42': 40, '2026-W41': 38, '2026-W40': 42, '2026-W39': 37 };

describe('baselines on the detail page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ app: { clock: () => NOW }, env: { WECOM_CALLBACK_MAX_SKEW_S: '0', PERFBOT_HR_USERIDS: 'heping' } });
    await seedLibrary(h.ds);
    await assign(h.ds, ['zhaolei', 'sunli'], 'work_orders_completed', 170);
    const weeks = weeksEnding('2026-W48', 30);
    await insertRecords(h.ds, [
      ...weeks.filter((w) => w.key !== '2026-W44').map((w) => completedRecord('zhaolei', w, ZHAO[w.key] ?? (w.key === '2026-W48' ? 30 : 50))),
      ...weeks.filter((w) => ['2026-W46', '2026-W47'].includes(w.key)).map((w) => completedRecord('sunli', w, 45)),
    ]);
  });
  afterAll(async () => {
    await h.close();
  });

  const open = (viewer: string, user: string) => {
    const params = { user, period: '2026-W48' };
    const t = signViewerToken(h.config.linkSecret, viewer, new Date(NOW.getTime() + 3600_000), { path: PAGE, params });
    return request(h.app.server).get(`${PAGE}?${new URLSearchParams({ ...params, t }).toString()}`);
  };
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('shows a person their own baseline, the weeks and values behind it, and the threshold', async () => {
    const res = await open('zhaolei', 'zhaolei');
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('预警基线 40单（本人近 8 个可比周的中位数，截至 2026-W47）');
    expect(page).toContain('基线算法 取 2026-W39 至 2026-W47 中有数据的 8 周（无数据的周不计，最多回看 26 周），周值从小到大为 37、38、39、40、40、41、42、44，中位数 40单。');
    expect(page).toContain('预警规则 工单完成数 连续 2 周低于基线 15%：阈值 34单');
  });

  it('says when the baseline is the position’s, for someone with too few weeks', async () => {
    const res = await open('heping', 'sunli');
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('预警基线 40单（同岗位中位数，截至 2026-W47）');
    expect(page).toContain('本人在此前 26 周中只有 2 周有数据（少于 4 周），改用同岗位（操作工）1 位同事各自本人基线的中位数。');
  });
});
