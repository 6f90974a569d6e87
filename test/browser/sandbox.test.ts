/**
 * The browser sandbox as a newcomer uses it, in headless Chromium, on one demo factory (one start
 * for the file keeps CI in tens of seconds): a praise in two taps, HR opening a ranking, an appeal
 * with a picture through to a decision, an exception approval, and the clock control firing
 * Friday's push. Every step waits for what a person would see on the page, never for a fixed time.
 */
import { parsePeriod } from '../../src/domain/periods';
import { Appeal, BehaviourTag } from '../../src/entities';
import { computeEmployeeScorecard } from '../../src/repositories/scorecards';
import { startBrowserSandbox, type BrowserSandbox } from './browser-helpers';

/** A 2×2 PNG: a picture WeCom accepts (over 5 bytes, image/png). */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

describe('the browser sandbox', () => {
  let s: BrowserSandbox;
  beforeAll(async () => {
    s = await startBrowserSandbox();
  }, 120_000);
  afterAll(() => s?.close());

  it('李华 praises 赵磊 in two taps and the card turns into 已记录 in place', async () => {
    const { page } = s;
    await s.openAs('lihua');
    await s.say('表扬');
    const card = await s.pin(s.lastAppMessage('要表扬谁'));
    await card.locator('button', { hasText: '赵磊' }).click(); // tap 1: the person
    await card.locator('button', { hasText: '主动加班支援' }).click(); // tap 2: the tag, on the same card
    await card.locator('.btn', { hasText: '已记录' }).waitFor();
    expect(await card.getAttribute('data-updates')).toBe('2');
    await page.locator('#traffic-list li.update').first().waitFor();
    expect(await s.stack.ds.getRepository(BehaviourTag).countBy({ userId: 'zhaolei', authorId: 'lihua', tag: '主动加班支援' })).toBe(1);

    await s.openAs('zhaolei');
    await s.lastAppMessage('主动加班支援').waitFor();
  }, 60_000);

  it('何萍 (HR) asks for 排行 and opens the ranking from the card', async () => {
    const { page } = s;
    await s.openAs('heping');
    await s.say('排行 质量部 本月');
    const card = s.lastAppMessage('质量部绩效排行');
    await card.waitFor();
    const first = /1\. (\S+) /.exec(await card.locator('.sub').innerText())?.[1];
    expect(first).toBeTruthy();
    const [ranking] = await Promise.all([page.context().waitForEvent('page'), card.locator('a.more').click()]);
    // The link opens the ranking page (HTML, not the API's JSON), with the same first place.
    await ranking.getByText(first!).first().waitFor();
    expect(await ranking.locator('h1').innerText()).toContain('质量部');
    expect(await ranking.locator('body').innerText()).not.toMatch(/^\s*[{[]/);
    await ranking.close();
  }, 60_000);

  it('吴昊 appeals with a photo, 周敏 adjusts the line with a reason, 吴昊 sees the score before → after', async () => {
    const { page } = s;
    await s.openAs('wuhao');
    await s.say('申诉 本周抽检差错率含外协件，应剔除');
    await s.lastAppMessage(/申诉 #\d+ 已提交给周敏/).waitFor();
    await page.locator('#file').setInputFiles({ name: '外协件标签.png', mimeType: 'image/png', buffer: PHOTO });
    await page.locator('#chat .msg.me img.pic').waitFor();
    await s.lastAppMessage('已保存证据：外协件标签.png').waitFor();
    await s.say('完成');

    await s.openAs('zhoumin');
    const request = await s.pin(s.lastAppMessage('员工申诉待处理'));
    await page.locator('#chat .msg.app img.pic').first().waitFor(); // the photo, forwarded to the approver
    const pending = await s.stack.ds.getRepository(Appeal).findOneByOrFail({ userId: 'wuhao' });
    const before = (await computeEmployeeScorecard(s.stack.ds, 'wuhao', parsePeriod(pending.periodKey, 'Asia/Shanghai'), 'Asia/Shanghai'))!;
    await request.locator('button', { hasText: '调整得分' }).click();
    await s.lastAppMessage('请回复要调整的指标').waitFor();
    const adjusted = before.lines.find((l) => l.code === 'sampling_error_rate')?.score === 100 ? 95 : 100; // a score that changes something
    await s.say(`抽检差错率 ${adjusted} 外协件的差错已剔除，见质检单 QC-1128`);
    await request.filter({ hasText: '员工申诉已调整得分' }).waitFor(); // the same card, decided in place

    await s.openAs('wuhao');
    const outcome = s.lastAppMessage(/申诉已调整得分 #\d+/);
    await outcome.waitFor();
    const appeal = await s.stack.ds.getRepository(Appeal).findOneByOrFail({ userId: 'wuhao' });
    expect(appeal.status).toBe('accepted');
    expect(appeal.evidence.map((e) => e.filename)).toEqual(['外协件标签.png']);
    // The outcome shows the period's score before → after, as the scorecard computes it now.
    const after = (await computeEmployeeScorecard(s.stack.ds, 'wuhao', parsePeriod(appeal.periodKey, 'Asia/Shanghai'), 'Asia/Shanghai'))!;
    expect(after.lines.find((l) => l.code === 'sampling_error_rate')?.reason).toContain('申诉调整');
    await outcome.locator('tr', { hasText: '本期得分' }).filter({ hasText: `${before.totalDisplay} → ${after.totalDisplay}` }).waitFor();
  }, 60_000);

  it('吴昊 reports an equipment failure and 周敏 approves it in the same card', async () => {
    await s.openAs('wuhao');
    await s.say('申报 设备故障 2026-11-24 08:00-12:00 三坐标测量机故障');
    await s.openAs('zhoumin');
    const request = await s.pin(s.lastAppMessage(/异常申报.*待审批|待审批.*异常/));
    await request.locator('button', { hasText: '批准' }).click();
    await request.filter({ hasText: '已批准' }).waitFor(); // decided in place
    await s.openAs('wuhao');
    await s.lastAppMessage(/异常申报已批准 #\d+/).waitFor();
  }, 60_000);

  it('the clock control moves to Friday 17:00; the weekly scorecard arrives and opens its detail page', async () => {
    const { page } = s;
    await s.openAs('wuhao');
    await page.locator('button[data-clock="friday"]').click();
    await page.locator('#clock', { hasText: '周五' }).waitFor();
    const weekly = s.lastAppMessage('吴昊 · 本周绩效');
    await weekly.waitFor({ timeout: 45_000 });
    // 查看详情 opens the detail page: every metric with its formula and source.
    const [detail] = await Promise.all([page.context().waitForEvent('page'), weekly.locator('a.btn', { hasText: '查看详情' }).click()]);
    await detail.getByText('吴昊的绩效详情').waitFor();
    await detail.getByText('计算公式').first().waitFor();
    await detail.close();
  }, 60_000);
});
