/**
 * 完成率, 待办 and 导出. Clock: Friday 27 November 2026, so the recent weeks are W45 (2–8 Nov),
 * W46 (9–15), W47 (16–22) and W48 (23–29).
 *
 * Records (a tag, or a review with a comment in the week it was written or last changed):
 *  生产部 (王强 李华 赵磊 孙丽, 4): 赵磊 W45 W46 W48 (and one in October, outside); 孙丽 Sun 8 Nov
 *    23:59 → W45, Mon 9 Nov 00:00 → W46, W48; 李华 a review with a comment in W48; 王强 a review
 *    without a comment in W47 (not counted) → 2/4, 2/4, 0/4, 3/4 = 50% 50% 0% 75%
 *  质量部 (周敏 吴昊, 2): 吴昊 a tag in W47, a review with a comment written in W46, changed in W48
 *    → 0% 50% 50% 50%
 *  研发部 (3): 陈静 W47 → 0% 0% 33% 0%;  仓储部 (2): 冯雪 Mon 23 Nov 00:00 → W48 50%;  总公司 (2): none
 *  合计 13: 2, 3, 2, 5 → 15% 23% 15% 38%
 */
import ExcelJS from 'exceljs';
import { Appeal, AuditEntry, BehaviourTag, CollaborationRating, ExceptionClaim, SupervisorReview } from '../../src/entities';
import type { Harness } from '../helpers/app';
import { buttonKey, cardsTo, lastCardTo, lastTextTo, lastUpdate, local, NOW, say, startAt, tap } from './reviews-helpers';

const tag = (userId: string, at: string) => ({ userId, authorId: 'zhangwei', polarity: 'praise' as const, tag: '带教新人', weight: 3, note: '', createdAt: local(at) });
const review = (userId: string, stars: number, comment: string, createdAt: Date, updatedAt = createdAt) => ({
  userId, reviewerId: 'zhangwei', periodKey: '2026-11', stars, comment, createdAt, updatedAt,
});

describe('完成率', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAt();
    await h.ds.getRepository(BehaviourTag).insert([
      tag('zhaolei', '2026-11-03 10:00'), tag('zhaolei', '2026-11-10 10:00'), tag('zhaolei', '2026-11-24 10:00'), tag('zhaolei', '2026-10-20 10:00'),
      tag('sunli', '2026-11-08 23:59'), tag('sunli', '2026-11-09 00:00'), tag('sunli', '2026-11-25 15:00'),
      tag('wuhao', '2026-11-17 09:00'), tag('chenjing', '2026-11-18 09:00'), tag('fengxue', '2026-11-23 00:00'),
    ]);
    await h.ds.getRepository(SupervisorReview).insert([
      review('lihua', 5, '班组管理到位', local('2026-11-26 10:00')),
      review('wangqiang', 4, '', local('2026-11-16 10:00')),
      review('wuhao', 4, '检验及时', local('2026-11-10 10:00'), local('2026-11-24 10:00')),
    ]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('shows HR every department and the total, by week', async () => {
    await say(h, 'heping', '完成率');
    expect(h.sim.sent.filter((m) => m.recipients.includes('heping')).map((m) => m.msgtype)).toEqual(['markdown']);
    expect(lastTextTo(h, 'heping')).toBe(
      [
        '**过程记录完成率**（近 4 周）',
        '每周至少有 1 条表扬/提醒标签或主管评语的员工占比',
        '> 周次：W45（11-02起） · W46（11-09起） · W47（11-16起） · W48（11-23起）',
        '',
        '**总公司**（2 人）：0% · 0% · 0% · 0%',
        '**研发部**（3 人）：0% · 0% · 33% · 0%',
        '**生产部**（4 人）：50% · 50% · 0% · 75%',
        '**质量部**（2 人）：0% · 50% · 50% · 50%',
        '**仓储部**（2 人）：0% · 0% · 0% · 50%',
        '**合计**（13 人）：15% · 23% · 15% · 38%',
        '<font color="warning">本周低于 50%：总公司、研发部</font>',
      ].join('\n'),
    );
  });

  it('shows a manager only their department(s), and refuses a member', async () => {
    await say(h, 'wangqiang', '完成率');
    const text = lastTextTo(h, 'wangqiang');
    expect(text).toContain('**生产部**（4 人）：50% · 50% · 0% · 75%');
    expect(text).not.toContain('质量部');
    expect(text).not.toContain('合计');
    await say(h, 'lihua', '完成率');
    // 李华 leads 赵磊 and 孙丽: his own line counts himself and them, never his manager 王强.
    expect(lastTextTo(h, 'lihua')).toContain('**生产部**（3 人）：67% · 67% · 0% · 100%');
    await say(h, 'zhangwei', '完成率');
    expect(lastTextTo(h, 'zhangwei')).toContain('**仓储部**（2 人）');
    await say(h, 'zhaolei', '完成率');
    expect(lastTextTo(h, 'zhaolei')).toBe('完成率仅限 HR 和主管查看。');
  });
});

describe('待办', () => {
  let h: Harness;
  const seed = async () => {
    const appeal = (userId: string, status: Appeal['status'], reason: string) => ({
      userId, periodKey: '2026-W47', reason, evidence: [], status, handlerId: null, decisionNote: null, createdAt: local('2026-11-25 09:00'), decidedAt: null,
    });
    await h.ds.getRepository(Appeal).insert([appeal('zhaolei', 'pending', '工单数漏记了两单'), appeal('zhaolei', 'accepted', '旧的'), appeal('wuhao', 'pending', '抽检样本数有误')]);
    await h.ds.getRepository(ExceptionClaim).insert({
      userId: 'sunli', kind: '设备故障', metricCodes: ['work_orders_completed'], startAt: local('2026-11-20 08:00'), endAt: local('2026-11-20 12:00'),
      note: '冲床故障', evidence: [], status: 'pending', approverId: null, decidedAt: null, createdAt: local('2026-11-20 13:00'),
    });
  };
  afterEach(async () => {
    await h.close();
  });

  it('lists a manager\'s reviews, appeals and claims; 刷新 redraws it, 去评价 opens the review card', async () => {
    h = await startAt();
    await seed();
    await say(h, 'lihua', '待办');
    const { card, taskId } = lastCardTo(h, 'lihua');
    expect(card.main_title).toEqual({ title: '我的待办', desc: '共 4 项待处理' });
    expect(card.horizontal_content_list).toEqual([
      { keyname: '待评价', value: '2 人' },
      { keyname: '待审申诉', value: '1 条' },
      { keyname: '待审异常', value: '1 条' },
    ]);
    expect(card.sub_title_text).toBe(
      '待评价（2026年11月）：孙丽、赵磊\n申诉：赵磊 2026-W47「工单数漏记了两单」\n异常：孙丽 设备故障 11-20 08:00–11-20 12:00\n申诉和异常请在收到的审批卡片上处理。',
    );
    expect(card.button_list.map((b) => [b.text, b.key])).toEqual([
      ['去评价', 'todo:review'],
      ['刷新', 'todo:refresh'],
    ]);

    await say(h, 'lihua', '评价 @zhaolei 4 好');
    await tap(h, 'lihua', buttonKey(card, '刷新'), taskId);
    const redrawn = lastUpdate(h);
    expect(redrawn.task_id).toBe(taskId);
    expect(redrawn.main_title?.desc).toBe('共 3 项待处理');
    expect(redrawn.horizontal_content_list?.[0]).toEqual({ keyname: '待评价', value: '1 人' });

    const before = cardsTo(h, 'lihua').length;
    await tap(h, 'lihua', 'todo:review', taskId);
    expect(h.sim.cardUpdates[h.sim.cardUpdates.length - 1]).toMatchObject({ mode: 'button', replaceName: '已打开评价', userids: ['lihua'] });
    expect(cardsTo(h, 'lihua')).toHaveLength(before + 1);
    expect(lastCardTo(h, 'lihua').card.button_list.map((b) => b.text)).toEqual(['孙丽']);
  });

  it('shows a member with nothing waiting a short answer; HR sees appeals only when they go to HR', async () => {
    h = await startAt();
    await seed();
    await say(h, 'zhaolei', '待办');
    expect(lastTextTo(h, 'zhaolei')).toBe('目前没有需要您处理的事项。');
    await say(h, 'heping', '待办');
    expect(lastTextTo(h, 'heping')).toBe('目前没有需要您处理的事项。');
    await say(h, 'zhoumin', '待办');
    expect(lastCardTo(h, 'zhoumin').card.horizontal_content_list).toEqual([
      { keyname: '待评价', value: '1 人' },
      { keyname: '待审申诉', value: '1 条' },
      { keyname: '待审异常', value: '0 条' },
    ]);
  });

  it('shows HR every pending appeal and claim when PERFBOT_APPEALS_TO_HR is on', async () => {
    h = await startAt({ env: { PERFBOT_APPEALS_TO_HR: '1' } });
    await seed();
    await say(h, 'heping', '待办');
    const { card } = lastCardTo(h, 'heping');
    expect(card.horizontal_content_list).toEqual([
      { keyname: '待评价', value: '0 人' },
      { keyname: '待审申诉', value: '2 条' },
      { keyname: '待审异常', value: '1 条' },
    ]);
    expect(card.button_list.map((b) => b.text)).toEqual(['刷新']);
  });
});

describe('导出', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startAt();
    await h.ds.getRepository(SupervisorReview).insert([review('zhaolei', 4, '', NOW), review('lihua', 5, '', NOW)]);
    await h.ds.getRepository(CollaborationRating).insert({ userId: 'zhaolei', raterId: 'wuhao', periodKey: '2026-11', stars: 5, note: '', createdAt: NOW });
  });
  afterEach(async () => {
    await h.close();
  });

  it('uploads an .xlsx of every active employee and sends it to HR as a file', async () => {
    await say(h, 'heping', '导出 2026-11');

    expect(h.sim.media).toHaveLength(1);
    const media = h.sim.media[0];
    expect(media).toMatchObject({ type: 'file', filename: '绩效_2026-11.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(media.data as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('2026-11')!;
    const rows = (ws.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows[0]).toEqual(['工号', '姓名', '部门', '岗位', '总分', '自动数据', '主管评价', '跨部门协作', '缺失项', '排名', '行为分', '行为分计入总分', '说明']);
    expect(rows).toHaveLength(14);
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
    // Neither has automatic data: 赵磊's review and rating carry 30% of the weight, 李华's review 20%,
    // both below the 70% minimum → 数据不足, no total, no rank (before: 86.7 and 100, ranked 2nd and 1st).
    // Both have no tags in November: 行为分 60, not in the total.
    expect(byId.get('lihua')).toEqual([
      'lihua', '李华', '生产部', '班组长', undefined, undefined, 100, undefined, '自动数据、跨部门协作', undefined, 60, '不计入总分',
      '数据不足：缺自动数据、跨部门协作（有数据的部分只占权重20%，需有自动数据或至少70%）',
    ]);
    expect(byId.get('zhaolei')).toEqual([
      'zhaolei', '赵磊', '生产部', '操作工', undefined, undefined, 80, 100, '自动数据', undefined, 60, '不计入总分',
      '数据不足：缺自动数据（有数据的部分只占权重30%，需有自动数据或至少70%）',
    ]);
    expect(byId.get('sunli')?.slice(0, 4)).toEqual(['sunli', '孙丽', '生产部', '操作工']);
    expect(byId.get('sunli')?.[8]).toBe('自动数据、主管评价、跨部门协作');
    expect(rows.slice(1).map((r) => r[2])).toEqual(['仓储部', '仓储部', '生产部', '生产部', '生产部', '生产部', '研发部', '研发部', '研发部', '质量部', '质量部', '总公司', '总公司']);

    const file = h.sim.sent.find((m) => m.msgtype === 'file');
    expect(file).toMatchObject({ recipients: ['heping'], body: expect.objectContaining({ file: { media_id: media.mediaId } }) });
    expect(lastTextTo(h, 'heping')).toBe('已导出2026年11月的绩效：13 人，文件“绩效_2026-11.xlsx”见上一条消息（3 天内可下载）。');
    expect(await h.ds.getRepository(AuditEntry).findOneBy({ action: 'scores.export' })).toMatchObject({ actor: 'user:heping', entityId: '2026-11' });
  });

  it('refuses non-HR, answers a missing or bad period, and says so when the upload fails', async () => {
    await say(h, 'lihua', '导出 本月');
    expect(lastTextTo(h, 'lihua')).toBe('导出仅限 HR 使用。');
    await say(h, 'heping', '导出');
    expect(lastTextTo(h, 'heping')).toMatch(/^用法：导出 周期/);
    await say(h, 'heping', '导出 2026-W60');
    expect(lastTextTo(h, 'heping')).toContain('“2026-W60”不是有效的周期：2026 年共有 53 周');
    expect(h.sim.media).toHaveLength(0);

    h.sim.failNext('media/upload', 40005);
    await say(h, 'heping', '导出 本月');
    expect(lastTextTo(h, 'heping')).toBe('导出文件已生成，但上传到企业微信失败（错误码 40005）。请稍后重试；多次失败请联系 IT。');
    expect(h.sim.sent.filter((m) => m.msgtype === 'file')).toEqual([]);
    expect(await h.ds.getRepository(AuditEntry).countBy({ action: 'scores.export' })).toBe(0);
  });
});
