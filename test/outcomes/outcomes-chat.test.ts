/**
 * 成效 through WeCom-shaped traffic on the hand-computed case of docs/outcomes.md: HR sets the core
 * positions and the 2026-Q1 baseline, asks for 2026-Q3 and reads the figures worked out by hand;
 * a team leader sees only their team; an employee is refused; HR adopts a suggestion; the Excel.
 */
import ExcelJS from 'exceljs';
import pino from 'pino';
import { COMMANDS } from '../../src/cli';
import { AuditEntry, Suggestion } from '../../src/entities';
import { loadOutcomeData } from '../../src/outcomes/outcome-data';
import { computeMeasures } from '../../src/outcomes/measures';
import { parseRange } from '../../src/outcomes/spans';
import type { Harness } from '../helpers/app';
import { lastTextTo, say, startAt, textsTo } from '../chat/reviews-helpers';
import { seedOutcomeCase } from './outcome-fixture';
import { isMysql } from '../helpers/db';

const NOW = new Date('2026-11-27T09:00:00Z');
const TZ = 'Asia/Shanghai';

describe('成效 on the hand-computed case', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAt({ now: NOW });
    await seedOutcomeCase(h.ds);
  });
  afterAll(async () => {
    await h.close();
  });

  const ask = async (userId: string, text: string): Promise<string> => {
    const before = textsTo(h, userId).length;
    await say(h, userId, text);
    return textsTo(h, userId).slice(before).join('\n');
  };
  const line = (answer: string, name: string) => answer.split('\n').find((l) => l.startsWith(`- ${name}`)) ?? `(no line ${name})`;

  it('refuses an employee without reports, saying who may look', async () => {
    expect(await ask('zhaolei', '成效')).toContain('“成效”供 HR 和有下属的主管查看');
  });

  it('only HR sets the baseline and core positions; both are audited', async () => {
    expect(await ask('lihua', '成效 基线 2026-Q1')).toBe('只有 HR 可以设置基线期。');
    expect(await ask('heping', '成效 基线 2026年13月')).toContain('无法识别的期间');
    expect(await ask('heping', '成效 核心岗位 工艺工程师、质检员')).toBe('已设置核心岗位：工艺工程师、质检员。');
    expect(await ask('heping', '成效 基线 2026-Q1')).toContain('已设置基线期：2026年第1季度（3 个月）');
    const audits = await h.ds.getRepository(AuditEntry).findBy({ entity: 'outcome_settings' });
    expect(audits.map((a) => a.action).sort()).toEqual(['outcome_setting.baseline', 'outcome_setting.core_positions']);
  });

  it('HR sees 2026-Q3 against the baseline, each figure as worked out in docs/outcomes.md', async () => {
    const answer = await ask('heping', '成效 2026-Q3');
    expect(answer).toContain('**效果验证 · 2026年第3季度**（全公司）');
    expect(answer).toContain('基线：2026年第1季度');
    expect(line(answer, '核心岗位年化流失率')).toBe('- 核心岗位年化流失率（越低越好）：71.6% → **41%** 改善');
    expect(answer).toContain('本期 离职 1 人 / 平均在岗 9.7 人，92 天；基线 离职 2 人 / 平均在岗 11.3 人，90 天');
    expect(line(answer, '跨部门协作任务平均交付周期')).toBe('- 跨部门协作任务平均交付周期（越低越好）：14 天 → **9.5 天** 改善');
    expect(line(answer, '改进建议（月均）')).toBe('- 改进建议（月均）（越高越好）：2 条 → **5 条** 改善');
    expect(line(answer, '建议采纳（月均）')).toBe('- 建议采纳（月均）（越高越好）：0.3 条 → **2 条** 改善');
    expect(line(answer, '过程记录完整率')).toBe('- 过程记录完整率（越高越好）：1.5% → **4.6%** 改善');
    expect(answer).toContain('有记录 12 人次 / 应记录 260 人次，13 周');
    expect(line(answer, '主管月均绩效工作时间')).toBe('- 主管月均绩效工作时间（越低越好）：0.03 小时 → **0.03 小时** 持平');
    expect(answer).toContain('主管 6 人 × 3 个月，表扬/提醒标签 10 次、月度评价（星级 + 评语） 2 次、申诉处理 1 次、异常申报审批 1 次，合计 28.5 分钟');
    expect(line(answer, '申诉与异常申报（月均）')).toBe('- 申诉与异常申报（月均）：1 件 → **1 件**');
    expect(line(answer, '申诉与异常批准率')).toBe('- 申诉与异常批准率：66.7% → **50%**');
    expect(line(answer, '申诉与异常决定用时')).toBe('- 申诉与异常决定用时（中位数）（越低越好）：24 小时 → **4 小时** 改善');
    // The surveys module answers nothing on this branch: the rows say so instead of a number.
    expect(line(answer, '认为绩效评价公平')).toBe('- 认为绩效评价公平（越高越好）：暂无调查 → **暂无调查**');
  });

  it('a team leader sees their own team (with the operator who left), labelled, where there is nothing core to measure', async () => {
    const answer = await ask('lihua', '成效 2026-Q3');
    expect(answer).toContain('（李华的团队，4 人）');
    expect(line(answer, '核心岗位年化流失率')).toContain('数据不足');
    expect(line(answer, '改进建议（月均）')).toContain('**5 条**'); // all 赵磊's
  });

  it('a period not started, a week, and nonsense get a clear answer', async () => {
    expect(await ask('heping', '成效 本周')).toContain('成效按月或按季度统计');
    expect(await ask('heping', '成效 2027-03')).toContain('还没有开始');
    expect(await ask('heping', '成效 去年夏天')).toContain('不是期间');
  });

  it('HR adopts a suggestion by its number; it is audited and counted', async () => {
    const s = await h.ds.getRepository(Suggestion).findOneByOrFail({ content: '建议 2026-09-28' });
    expect(await ask('heping', '成效 建议')).toContain(`#${s.id}`);
    expect(await ask('lihua', `成效 采纳 ${s.id}`)).toBe('只有 HR 可以采纳建议。');
    expect(await ask('heping', `成效 采纳 ${s.id}`)).toContain(`已采纳建议 #${s.id}`);
    expect(await ask('heping', '成效 采纳 99999')).toContain('没有编号为 99999 的建议');
    expect((await h.ds.getRepository(AuditEntry).findBy({ action: 'suggestion.adopt' })).map((a) => a.entityId)).toEqual([String(s.id)]);
    const answer = await ask('heping', '成效 2026-Q3');
    expect(line(answer, '建议采纳（月均）')).toContain('→ **2.3 条**'); // 7 adopted over the 3 months now
  });

  it('survey figures come through surveyMeasures: injected, they show before and after', async () => {
    const q1 = parseRange('2026-Q1', TZ);
    const q3 = parseRange('2026-Q3', TZ);
    const data = await loadOutcomeData(h.ds, {
      now: NOW, tz: TZ, spans: [q1, q3], scope: null,
      surveys: async () => [
        { questionCode: 'fairness', question: '我认为绩效评价是公平的', round: '一季度调查', launchedAt: new Date('2026-03-10T02:00:00Z'), answers: 32, agreeShare: 0.41 },
        { questionCode: 'fairness', question: '我认为绩效评价是公平的', round: '三季度调查', launchedAt: new Date('2026-09-10T02:00:00Z'), answers: 30, agreeShare: 0.79 },
        { questionCode: 'work_matters', question: '我感觉自己的工作对公司重要', round: '三季度调查', launchedAt: new Date('2026-09-10T02:00:00Z'), answers: 3, agreeShare: null },
      ],
    });
    const fairness = (span: typeof q1) => computeMeasures(data, span).find((m) => m.code === 'survey_fairness')!.value;
    expect(fairness(q1)).toEqual({ value: 41, text: '41%', sample: '一季度调查：32 人作答' });
    expect(fairness(q3).text).toBe('79%');
    const matters = computeMeasures(data, q3).find((m) => m.code === 'survey_work_matters')!.value;
    expect(matters).toEqual({ value: null, text: '样本不足', sample: '三季度调查：3 人作答，不足 5 人不显示' });
    expect(computeMeasures(data, q1).find((m) => m.code === 'survey_work_matters')!.value.text).toBe('暂无调查');
  });

  it('成效 导出 sends the report as an .xlsx file', async () => {
    await say(h, 'heping', '成效 导出 2026-Q3');
    expect(lastTextTo(h, 'heping')).toContain('已导出2026年第3季度的效果验证（全公司）');
    const file = h.sim.sent.filter((m) => m.recipients.includes('heping') && m.msgtype === 'file').pop();
    expect(file).toBeDefined();
    const mediaId = (file!.body.file as { media_id: string }).media_id;
    const upload = h.sim.media.find((m) => m.mediaId === mediaId);
    expect(upload).toBeDefined();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(upload!.data as never);
    const sheet = wb.getWorksheet('前后对比')!;
    const row = sheet.getRows(3, 20)!.find((r) => r.getCell(1).value === '跨部门协作任务平均交付周期')!;
    expect([row.getCell(3).value, row.getCell(4).value, row.getCell(5).value]).toEqual([14, 9.5, '改善']);
  });

  it('the CLI shows the same report and changes the same settings, audited as cli', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    const error = jest.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
    try {
      const silent = pino({ level: 'silent' });
      const config = { ...h.config, database: isMysql() ? { type: 'mysql' as const, url: process.env.DATABASE_URL! } : { type: 'sqlite' as const, file: String(h.ds.options.database) } };
      expect(await COMMANDS['outcomes report'].run(['2026-Q3'], config, silent)).toBe(0);
      expect(out).toContain('  跨部门协作任务平均交付周期（越低越好）: 14 天 → 9.5 天 改善 — 完成 3 项跨部门任务');
      expect(await COMMANDS['outcomes baseline'].run(['2026-01..2026-02'], config, silent)).toBe(0);
      expect(out.pop()).toBe('baseline: 2026-01 至 2026-02 (2 months, audited)');
      expect(await COMMANDS['outcomes adopt'].run(['99999'], config, silent)).toBe(1);
      expect(err.pop()).toContain('没有编号为 99999 的建议');
      expect(await COMMANDS['outcomes baseline'].run(['someday'], config, silent)).toBe(1);
      expect((await h.ds.getRepository(AuditEntry).findBy({ action: 'outcome_setting.baseline', actor: 'cli' })).length).toBe(1);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
