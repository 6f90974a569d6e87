/** The exception-declaration cards: structure, limits, keys, and the score change as people read it. */
import { exceptionApproveKey, exceptionRejectKey, EXCEPTION_LIST_KEY, EXCEPTION_PREFIX } from '../../cards/exception-keys';
import { buildExceptionListText, buildExceptionUsageText } from '../../cards/exception-list-card';
import { buildExceptionOutcomeCard } from '../../cards/exception-outcome-card';
import { buildExceptionRequestCard, periodShortLabel, type ExceptionRequestView } from '../../cards/exception-request-card';
import { validateTemplateCard } from '../../src/sandbox/validate-card';
import type { ButtonInteractionCard } from '../../src/wecom/api-types';

const view: ExceptionRequestView = {
  claimId: 5, employeeName: '赵磊', departmentName: '生产部', kind: '设备故障', window: '2026-11-20 08:00 至 12:00',
  metricNames: ['工单完成数', '良品率'], note: '3号机主轴故障停机', photoCount: 1, submittedAt: '2026-11-20 13:00',
};
const scores = [
  { periodKey: '2026-11', before: '14.3', after: '15.0' },
  { periodKey: '2026-W47', before: '60.0', after: '75.0' },
];

function expectWithinLimits(card: ButtonInteractionCard): void {
  expect(validateTemplateCard(card)).toBeNull();
  expect([...(card.main_title?.title ?? '')].length).toBeLessThanOrEqual(36);
  expect([...(card.main_title?.desc ?? '')].length).toBeLessThanOrEqual(44);
  expect([...(card.sub_title_text ?? '')].length).toBeLessThanOrEqual(160);
  expect(card.horizontal_content_list?.length ?? 0).toBeLessThanOrEqual(6);
  for (const row of card.horizontal_content_list ?? []) expect([...row.keyname].length).toBeLessThanOrEqual(5);
  for (const b of card.button_list) expect([...b.text].length).toBeLessThanOrEqual(10);
}

describe('exception keys and labels', () => {
  it('builds keys the handlers’ prefixes take', () => {
    expect(exceptionApproveKey(5)).toBe('exception:approve:5');
    expect(exceptionApproveKey(5).startsWith(EXCEPTION_PREFIX.approve)).toBe(true);
    expect(exceptionRejectKey(5).startsWith(EXCEPTION_PREFIX.reject)).toBe(true);
    expect(EXCEPTION_LIST_KEY).toBe('exception:list');
  });

  it.each([['2026-W48', '第48周'], ['2027-W01', '第1周'], ['2026-11', '11月'], ['2026-01', '1月']])('labels %s as %s', (key, label) => {
    expect(periodShortLabel(key)).toBe(label);
  });
});

describe('buildExceptionRequestCard', () => {
  it('asks the approver with 批准 / 驳回 and what the claim covers', () => {
    const card = buildExceptionRequestCard(view, 'exception-5-1');
    expectWithinLimits(card);
    expect(card.main_title?.title).toBe('异常申报待审批 #5');
    expect(card.horizontal_content_list).toEqual([
      { keyname: '申报人', value: '赵磊（生产部）' }, { keyname: '类型', value: '设备故障' }, { keyname: '时段', value: '2026-11-20 08:00 至 12:00' },
      { keyname: '指标', value: '工单完成数、良品率' }, { keyname: '照片', value: '1 张' },
    ]);
    expect(card.button_list.map((b) => [b.text, b.key])).toEqual([['批准', 'exception:approve:5'], ['驳回', 'exception:reject:5']]);
    expect(card.sub_title_text).toBe('说明：3号机主轴故障停机');
  });

  it('once approved shows the totals before → after and greys the buttons', () => {
    const card = buildExceptionRequestCard(view, 'exception-5-1', { status: 'approved', approverName: '李华', decidedAt: '2026-11-20 14:00', scores });
    expectWithinLimits(card);
    expect(card.replace_text).toBe('已批准');
    expect(card.sub_title_text).toBe('得分变化：11月 14.3 → 15.0；第47周 60.0 → 75.0\n说明：3号机主轴故障停机');
    expect(card.horizontal_content_list).toHaveLength(6);
  });
});

describe('buildExceptionOutcomeCard', () => {
  it('tells the employee the new totals', () => {
    const card = buildExceptionOutcomeCard({ claimId: 5, kind: '设备故障', window: view.window, status: 'approved', approverName: '李华', decidedAt: '2026-11-20 14:00', scores }, 'x-1');
    expectWithinLimits(card);
    expect(card.main_title?.title).toBe('异常申报已批准 #5');
    expect(card.horizontal_content_list).toEqual([
      { keyname: '审批人', value: '李华（2026-11-20 14:00）' }, { keyname: '类型', value: '设备故障' }, { keyname: '时段', value: view.window },
      { keyname: '11月', value: '14.3 → 15.0' }, { keyname: '第47周', value: '60.0 → 75.0' },
    ]);
    expect(card.button_list).toEqual([{ text: '我的申报', style: 2, key: 'exception:list' }]);
  });

  it('an approved claim that changed nothing says why (never a bare "87.9 → 87.9")', () => {
    const why = '按原数据得分不低于剔除后（工单完成数 剔除后93.5、原数据97.5），按原数据计分，得分不变';
    const same = [{ periodKey: '2026-W47', before: '87.9', after: '87.9', why }];
    const card = buildExceptionOutcomeCard({ claimId: 7, kind: '设备故障', window: view.window, status: 'approved', approverName: '李华', decidedAt: '2026-11-20 14:00', scores: same }, 'x-3');
    expectWithinLimits(card);
    expect(card.sub_title_text).toBe(`您的异常申报已批准，但没有改变得分（第47周 87.9 → 87.9）：${why}。成绩单上会列出这条申报。`);
  });

  it('keeps at most six rows for a window over many weeks', () => {
    const many = ['2026-10', '2026-11', '2026-W44', '2026-W45', '2026-W46'].map((periodKey) => ({ periodKey, before: '80.0', after: '85.0' }));
    const card = buildExceptionOutcomeCard({ claimId: 6, kind: '停电', window: 'x', status: 'approved', approverName: '李华', decidedAt: 'y', scores: many }, 'x-2');
    expectWithinLimits(card);
  });

  it('tells a rejection: the score is unchanged', () => {
    const card = buildExceptionOutcomeCard({ claimId: 5, kind: '设备故障', window: view.window, status: 'rejected', approverName: '李华', decidedAt: 'z' }, 'x-3');
    expectWithinLimits(card);
    expect(card.sub_title_text).toContain('未获批准，得分不变');
  });
});

describe('texts', () => {
  it('explains the command with examples', () => {
    const usage = buildExceptionUsageText(['设备故障', '物料延迟', '停电', '其他']);
    expect(usage).toContain('申报 物料延迟 11月28日 8点到10点');
    expect(usage).toContain('指标:良品率');
    expect(usage).not.toContain('work_orders_completed');
    expect(usage).toContain('类型：设备故障、物料延迟、停电、其他');
  });

  it('lists claims', () => {
    const text = buildExceptionListText([{ claimId: 5, kind: '设备故障', window: view.window, status: 'approved', photoCount: 1, note: '停机', approverName: '李华' }]);
    expect(text).toContain('#5 设备故障 已批准（李华） · 照片 1 张');
    expect(buildExceptionListText([])).toContain('还没有异常申报记录');
  });
});
