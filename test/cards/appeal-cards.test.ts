/** The appeal cards: WeCom's structural rules, the field limits of §4.3, and the keys they carry. */
import { appealAcceptKey, appealEvidenceKey, appealRejectKey, appealStartKey, APPEAL_LIST_KEY, APPEAL_PREFIX } from '../../cards/appeal-keys';
import { buildAppealListText } from '../../cards/appeal-list-card';
import { buildAppealOutcomeCard } from '../../cards/appeal-outcome-card';
import { buildAppealRequestCard, type AppealRequestView } from '../../cards/appeal-request-card';
import { parseKey } from '../../cards/keys';
import { validateTemplateCard } from '../../src/sandbox/validate-card';
import type { ButtonInteractionCard } from '../../src/wecom/api-types';

const view: AppealRequestView = {
  appealId: 12, employeeName: '赵磊', departmentName: '生产部', periodKey: '2026-W48', periodLabel: '2026年第48周（11月23日–11月29日）',
  reason: '周三设备停机'.repeat(40), evidenceCount: 2, submittedAt: '2026-11-27 17:00',
};

function expectWithinLimits(card: ButtonInteractionCard): void {
  expect(validateTemplateCard(card)).toBeNull();
  expect([...(card.main_title?.title ?? '')].length).toBeLessThanOrEqual(36);
  expect([...(card.main_title?.desc ?? '')].length).toBeLessThanOrEqual(44);
  expect([...(card.sub_title_text ?? '')].length).toBeLessThanOrEqual(160);
  expect(card.horizontal_content_list?.length ?? 0).toBeLessThanOrEqual(6);
  for (const row of card.horizontal_content_list ?? []) expect([...row.keyname].length).toBeLessThanOrEqual(5);
  for (const b of card.button_list) expect([...b.text].length).toBeLessThanOrEqual(10);
}

describe('appeal keys', () => {
  it('builds the scorecard buttons and parses back to the handlers’ prefixes', () => {
    expect(appealStartKey('2026-W48')).toBe('appeal:start:2026-W48');
    expect(appealEvidenceKey('2026-W48')).toBe('appeal:evidence:2026-W48');
    expect(appealStartKey('2026-W48').startsWith(APPEAL_PREFIX.start)).toBe(true);
    expect(appealEvidenceKey('2026-11').startsWith(APPEAL_PREFIX.evidence)).toBe(true);
    expect(parseKey(appealAcceptKey(7))).toEqual({ feature: 'appeal', action: 'accept', args: ['7'] });
    expect(appealRejectKey(7).startsWith(APPEAL_PREFIX.reject)).toBe(true);
    expect(APPEAL_LIST_KEY).toBe('appeal:list');
  });
});

describe('buildAppealRequestCard', () => {
  it('asks the approver to correct the data, adjust a line or reject, with the reason, the period and the evidence count', () => {
    const card = buildAppealRequestCard(view, 'appeal-12-1');
    expectWithinLimits(card);
    expect(card.task_id).toBe('appeal-12-1');
    expect(card.main_title).toEqual({ title: '员工申诉待处理 #12', desc: '赵磊 · 2026年第48周（11月23日–11月29日）' });
    expect(card.sub_title_text?.startsWith('申诉理由：周三设备停机')).toBe(true);
    expect(card.sub_title_text?.endsWith('…')).toBe(true);
    expect(card.horizontal_content_list).toEqual([
      { keyname: '申诉人', value: '赵磊（生产部）' }, { keyname: '周期', value: '2026-W48' },
      { keyname: '证据', value: '2 份' }, { keyname: '提交时间', value: '2026-11-27 17:00' },
    ]);
    expect(card.button_list).toEqual([
      { text: '更正数据', style: 1, key: 'appeal:correct:12' },
      { text: '调整得分', style: 1, key: 'appeal:adjust:12' },
      { text: '驳回', style: 2, key: 'appeal:reject:12' },
    ]);
    expect(card.replace_text).toBeUndefined();
  });

  it('shows the decision and greys the buttons once decided', () => {
    const card = buildAppealRequestCard(view, 'appeal-12-1', { status: 'rejected', handlerName: '李华', decidedAt: '2026-11-27 18:00' });
    expectWithinLimits(card);
    expect(card.main_title?.title).toBe('员工申诉已驳回 #12');
    expect(card.replace_text).toBe('已驳回');
    expect(card.horizontal_content_list?.at(-1)).toEqual({ keyname: '处理', value: '李华 已驳回（2026-11-27 18:00）' });
  });
});

describe('an appeal with an outcome', () => {
  const adjusted = {
    kind: 'adjusted' as const, reason: '夜班设备停机，合格品没有及时入账', totalBefore: '80.1', totalAfter: '83.6',
    line: { code: 'yield_rate', name: '良品率', before: '90.0', after: '95.0' },
  };
  it('the approver card shows what changed and the note', () => {
    const card = buildAppealRequestCard(view, 'appeal-12-1', { status: 'accepted', handlerName: '李华', decidedAt: '2026-11-27 18:00', outcome: adjusted });
    expectWithinLimits(card);
    expect(card.replace_text).toBe('已调整得分');
    expect(card.sub_title_text).toContain('良品率 90.0 → 95.0（申诉调整）；总分 80.1 → 83.6');
  });
  it('the employee sees the decision, the reason and the score before → after', () => {
    const card = buildAppealOutcomeCard(
      { appealId: 12, periodKey: '2026-W48', periodLabel: view.periodLabel, reason: '周三设备停机', handlerName: '李华', decidedAt: '2026-11-27 18:00', status: 'accepted', outcome: adjusted },
      'appeal-done-12-3',
    );
    expectWithinLimits(card);
    expect(card.main_title?.title).toBe('申诉已调整得分 #12');
    expect(card.sub_title_text).toContain('处理说明：夜班设备停机，合格品没有及时入账');
    expect(card.horizontal_content_list).toEqual(expect.arrayContaining([{ keyname: '本期得分', value: '80.1 → 83.6' }, { keyname: '调整', value: '良品率 90.0 → 95.0' }]));
  });
});

describe('buildAppealOutcomeCard', () => {
  const base = { appealId: 12, periodKey: '2026-W48', periodLabel: view.periodLabel, reason: '周三设备停机', handlerName: '李华', decidedAt: '2026-11-27 18:00' };

  it('tells the employee an accepted appeal with the recomputed total', () => {
    const card = buildAppealOutcomeCard({ ...base, status: 'accepted', totalDisplay: '86.5' }, 'appeal-done-12-1');
    expectWithinLimits(card);
    expect(card.main_title?.title).toBe('申诉已同意 #12');
    expect(card.horizontal_content_list).toContainEqual({ keyname: '本期得分', value: '86.5' });
    expect(card.button_list).toEqual([{ text: '我的申诉', style: 2, key: 'appeal:list' }]);
  });

  it('tells a rejection without a score', () => {
    const card = buildAppealOutcomeCard({ ...base, status: 'rejected' }, 'appeal-done-12-2');
    expectWithinLimits(card);
    expect(card.main_title?.title).toBe('申诉已驳回 #12');
    expect(card.sub_title_text).toContain('未通过');
    expect(card.horizontal_content_list?.map((r) => r.keyname)).not.toContain('本期得分');
  });
});

describe('buildAppealListText', () => {
  it('lists appeals with status, evidence and who decided', () => {
    const text = buildAppealListText([
      { appealId: 3, periodKey: '2026-W48', status: 'pending', evidenceCount: 1, submittedAt: '2026-11-27 17:00', reason: '夜班产量未统计' },
      { appealId: 1, periodKey: '2026-W46', status: 'accepted', evidenceCount: 0, submittedAt: '2026-11-13 09:00', reason: '借调', handlerName: '李华', decidedAt: '2026-11-13 10:00' },
    ]);
    expect(text).toContain('我的申诉（待处理 1 条）');
    expect(text).toContain('#3 2026-W48 待处理 · 证据 1 份 · 2026-11-27 17:00 提交');
    expect(text).toContain('#1 2026-W46 已同意');
    expect(text).toContain('处理：李华（2026-11-13 10:00）');
    expect(text).toContain('补充材料');
  });

  it('explains how to appeal when there is nothing', () => {
    expect(buildAppealListText([])).toContain('发起申诉');
  });
});
