/**
 * Appeals that change something, through WeCom: 申诉 上周 is filed against last week and 申诉 本月
 * against the month; text typed in the evidence window is evidence and the window says when it
 * closes (and that it closed when a command comes); the leader adjusts a line with a written
 * reason (an audited override, shown on the scorecard as such) and the employee sees before → after.
 * 赵磊 reports to 李华. Friday 2026-11-27 17:00 in Shanghai (week 2026-W48).
 */
import { parsePeriod } from '../../src/domain/periods';
import { Appeal, AuditEntry, MetricAssignment, MetricRecord, ScoreOverride } from '../../src/entities';
import { computeEmployeeScorecard } from '../../src/repositories/scorecards';
import type { Harness } from '../helpers/app';
import { buttonKey, cardsTo, lastCardTo, lastTextTo, local, NOW, say, startAt, tap, textsTo } from './reviews-helpers';

describe('appeal outcomes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAt();
    await h.ds.getRepository(MetricAssignment).insert([
      { userId: 'zhaolei', metricCode: 'work_orders_completed', periodKey: '', target: 120, weight: 40, floor: false, updatedAt: NOW },
      { userId: 'zhaolei', metricCode: 'yield_rate', periodKey: '', target: 98.5, weight: 60, floor: false, updatedAt: NOW },
    ]);
    const rec = (input: string, value: number, at: string, id: string) => ({ userId: 'zhaolei', input, value, occurredAt: local(at), source: 'MES', externalId: id, ref: id, createdAt: NOW });
    await h.ds.getRepository(MetricRecord).insert([
      rec('completed', 20, '2026-11-18 10:00', 'WO-47'), rec('good', 900, '2026-11-18 10:00', 'G-47'), rec('scrap', 100, '2026-11-18 10:00', 'S-47'),
    ]);
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => {
    expect(h.logs.filter((l) => l.msg === 'handler failed')).toEqual([]);
    expect(h.sim.dropped).toEqual([]);
  });
  const appeals = () => h.ds.getRepository(Appeal).find({ where: { userId: 'zhaolei' }, order: { id: 'ASC' } });

  it('申诉 上周 is filed against last week; text in the window is evidence; a command closes it and says so', async () => {
    await say(h, 'zhaolei', '申诉 上周 周三良品率算低了，报废里有 40 件是来料不良');
    const [appeal] = await appeals();
    expect(appeal).toMatchObject({ periodKey: '2026-W47', reason: '周三良品率算低了，报废里有 40 件是来料不良' });
    expect(lastTextTo(h, 'zhaolei')).toContain('17:30 前（30 分钟内）可继续发送文字说明、图片或文件');

    await say(h, 'zhaolei', '来料批次 L-1125，质检单号 QC-889');
    expect((await appeals())[0].evidence).toEqual([expect.objectContaining({ filename: '文字说明', text: '来料批次 L-1125，质检单号 QC-889' })]);
    expect(lastTextTo(h, 'zhaolei')).toBe('已保存文字说明（共 1 份证据）。17:30 前可继续发送文字、图片或文件，发完请发送「完成」。');
    expect(lastTextTo(h, 'lihua')).toBe(`赵磊的申诉 #${appeal.id}（2026-W47）补充说明：来料批次 L-1125，质检单号 QC-889`);

    await say(h, 'zhaolei', '我的申诉');
    const [closed, list] = textsTo(h, 'zhaolei').slice(-2);
    expect(closed).toBe(`申诉 #${appeal.id} 的补充材料已结束（共 1 份证据）。需要时可发送「补充材料」重新开始。`);
    expect(list).toContain('我的申诉（待处理 1 条）');
  });

  it('the leader adjusts 良品率 with a reason: audited, shown on the scorecard, the employee sees before → after', async () => {
    const [appeal] = await appeals();
    const week = parsePeriod('2026-W47', 'Asia/Shanghai');
    const before = (await computeEmployeeScorecard(h.ds, 'zhaolei', week, 'Asia/Shanghai'))!;
    const yieldBefore = before.lines.find((l) => l.code === 'yield_rate')!.display;
    const request = cardsTo(h, 'lihua').find((c) => c.card.main_title?.title === `员工申诉待处理 #${appeal.id}`)!;
    await tap(h, 'lihua', buttonKey(request.card, '调整得分'), request.taskId);
    expect(lastTextTo(h, 'lihua')).toContain(`赵磊本期各项得分：工单完成数 ${before.lines[0].display}、良品率 ${yieldBefore}`);

    await say(h, 'lihua', '良率 96'); // no reason: asked again, nothing decided
    expect(lastTextTo(h, 'lihua')).toContain('请写指标、调整后的得分和理由');
    await say(h, 'lihua', '良率 96 40 件报废是来料不良，已由质检确认（QC-889）');
    const after = (await computeEmployeeScorecard(h.ds, 'zhaolei', week, 'Asia/Shanghai'))!;
    const line = after.lines.find((l) => l.code === 'yield_rate')!;
    expect(line.display).toBe('96.0');
    expect(line.reason).toBe(`申诉调整：原 ${yieldBefore} → 96.0（40 件报废是来料不良，已由质检确认（QC-889））`);
    expect(after.totalDisplay).not.toBe(before.totalDisplay);

    const decided = (await appeals())[0];
    expect(decided).toMatchObject({ status: 'accepted', handlerId: 'lihua' });
    expect(decided.outcome).toMatchObject({ kind: 'adjusted', totalBefore: before.totalDisplay, totalAfter: after.totalDisplay });
    expect(await h.ds.getRepository(ScoreOverride).findOneBy({ userId: 'zhaolei', periodKey: '2026-W47', metricCode: 'yield_rate' })).toMatchObject({ score: 96, appealId: appeal.id, actorId: 'lihua' });
    const audit = await h.ds.getRepository(AuditEntry).findOneByOrFail({ action: 'score.override' });
    expect(audit).toMatchObject({ actor: 'user:lihua', subjectUserId: 'zhaolei', after: { line: '良品率', score: 96 } });
    expect(await h.ds.getRepository(AuditEntry).countBy({ action: 'appeal.adjust', entityId: String(appeal.id) })).toBe(1);

    const outcome = lastCardTo(h, 'zhaolei').card;
    expect(outcome.main_title?.title).toBe(`申诉已调整得分 #${appeal.id}`);
    expect(outcome.sub_title_text).toContain('处理说明：40 件报废是来料不良');
    expect(outcome.horizontal_content_list).toEqual(expect.arrayContaining([
      { keyname: '本期得分', value: `${before.totalDisplay} → ${after.totalDisplay}` }, { keyname: '调整', value: `良品率 ${yieldBefore} → 96.0` },
    ]));
    // 查询 shows the line as adjusted
    await say(h, 'zhaolei', '查询 上周');
    expect(lastCardTo(h, 'zhaolei').card.sub_title_text).toContain('申诉调整');
  });

  it('申诉 本月 is filed against the month; the approver can write a note when correcting data', async () => {
    await say(h, 'zhaolei', '申诉 本月 工单数少算了');
    const appeal = (await appeals()).at(-1)!;
    expect(appeal.periodKey).toBe('2026-11');
    await say(h, 'zhaolei', '完成');
    const request = lastCardTo(h, 'lihua');
    await tap(h, 'lihua', buttonKey(request.card, '更正数据'), request.taskId);
    const record = await h.ds.getRepository(MetricRecord).findOneByOrFail({ externalId: 'WO-47' });
    await say(h, 'lihua', `#${record.id} 改为 26 补录周二夜班`);
    const decided = (await appeals()).at(-1)!;
    expect(decided.outcome).toMatchObject({ kind: 'corrected', reason: '补录周二夜班', record: { before: 20, after: 26 } });
    expect(lastCardTo(h, 'zhaolei').card.sub_title_text).toContain('处理说明：补录周二夜班');
  });

  it('refuses a record of someone else and an unknown metric, with what can be named', async () => {
    await say(h, 'zhaolei', '申诉 本周 首件检验被漏记');
    const appeal = (await appeals()).at(-1)!;
    const request = lastCardTo(h, 'lihua');
    await tap(h, 'lihua', buttonKey(request.card, '更正数据'), request.taskId);
    await say(h, 'lihua', '#99999 10 试试');
    expect(lastTextTo(h, 'lihua')).toBe('#99999 不是赵磊2026年第48周（11月23日–11月29日）的数据记录，请核对编号。');
    await tap(h, 'lihua', buttonKey(request.card, '调整得分'), request.taskId);
    await say(h, 'lihua', '出勤率 90 请假');
    expect(lastTextTo(h, 'lihua')).toBe('“出勤率”不是赵磊本期的指标。可调整：工单完成数、良品率');
    expect((await appeals()).at(-1)!.status).toBe('pending');
    expect(appeal.status).toBe('pending');
  });
});
