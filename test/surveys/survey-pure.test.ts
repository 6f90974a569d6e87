/** The pure parts: what a round may show, the reporting groups, the command words, the cards. */
import { buildSurveyAnsweredCard, buildSurveyCard } from '../../cards/survey-card';
import { parseSurveyCommand } from '../../src/surveys/command';
import { disclose, type GroupTally } from '../../src/surveys/disclosure';
import { buildAudience } from '../../src/surveys/groups';

const g = (key: string, counts: Record<number, number>, invited = 10): GroupTally => ({ key, name: `组${key}`, invited, counts });
const statuses = (groups: GroupTally[]) => {
  const r = disclose(groups, 'agree5');
  return { total: r.total.status, groups: Object.fromEntries(r.groups.map((x) => [x.key, x.status])) };
};

describe('disclose', () => {
  it('shows groups of five or more, hides smaller ones, and never lets the total give a hidden group away', () => {
    // One small group (3) among shown ones: the smallest shown (5) is withheld too, so total − shown = 8, not 3.
    expect(statuses([g('a', { 5: 7 }), g('b', { 4: 3 }), g('c', { 3: 5 })])).toEqual({ total: 'shown', groups: { a: 'shown', b: 'small', c: 'withheld' } });
    // Two small groups that together reach five need nothing more withheld.
    expect(statuses([g('a', { 5: 7 }), g('b', { 4: 3 }), g('c', { 3: 2 })])).toEqual({ total: 'shown', groups: { a: 'shown', b: 'small', c: 'small' } });
    // Nobody answered in a group: nothing to protect.
    expect(statuses([g('a', { 5: 7 }), g('b', {}), g('c', { 3: 6 })])).toEqual({ total: 'shown', groups: { a: 'shown', b: 'none', c: 'shown' } });
    // One shown and one small group: both hidden, the total (≥ 5) remains.
    expect(statuses([g('a', { 5: 9 }), g('b', { 1: 1 })])).toEqual({ total: 'shown', groups: { a: 'withheld', b: 'small' } });
    // Under five in all: nothing at all.
    expect(statuses([g('a', { 5: 2 }), g('b', { 1: 2 })])).toEqual({ total: 'small', groups: { a: 'small', b: 'small' } });
  });

  it('computes the agreement share (4–5, or 是) and the mean from the counts', () => {
    const r = disclose([g('a', { 5: 2, 4: 2, 3: 1, 2: 1, 1: 1 })], 'agree5');
    expect(r.groups).toEqual([]);
    expect(r.total).toEqual(expect.objectContaining({ status: 'shown', answered: 7, agreeShare: 4 / 7, mean: 24 / 7 }));
    const yn = disclose([g('a', { 1: 4, 0: 1 })], 'yesno');
    expect(yn.total).toEqual(expect.objectContaining({ answered: 5, agreeShare: 0.8, mean: null }));
    expect(disclose([g('a', { 5: 4 })], 'agree5').total).toEqual(expect.objectContaining({ status: 'small', answered: null, agreeShare: null, distribution: null }));
  });
});

describe('buildAudience', () => {
  const departments = [
    { id: 1, name: '总公司', parentId: null },
    { id: 2, name: '生产部', parentId: 1 },
    { id: 6, name: '一车间', parentId: 2 },
    { id: 3, name: '质量部', parentId: 1 },
  ];
  const people = (dept: number, n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ userId: `${prefix}${i}`, mainDepartmentId: dept }));

  it('groups everyone by the department below the top, merging groups under five into 其他', () => {
    const a = buildAudience([...people(1, 1, 'a'), ...people(2, 2, 'b'), ...people(6, 4, 'c'), ...people(3, 3, 'd'), { userId: 'x', mainDepartmentId: null }], departments, null);
    expect(a.groups).toEqual([{ key: '2', name: '生产部', invited: 6 }, { key: 'other', name: '其他', invited: 5 }]);
    expect(a.members.map((m) => m.userId)).toEqual([...a.members.map((m) => m.userId)].sort());
    expect(a.members.find((m) => m.userId === 'c0')?.groupKey).toBe('2');
  });

  it('for a department: its members below it and those directly in it', () => {
    const a = buildAudience([...people(2, 5, 'b'), ...people(6, 5, 'c'), ...people(3, 9, 'd')], departments, 2);
    expect(a.groups).toEqual([{ key: '2', name: '生产部', invited: 5 }, { key: '6', name: '一车间', invited: 5 }]);
    expect(a.members).toHaveLength(10);
  });
});

describe('parseSurveyCommand', () => {
  it('reads the HR words', () => {
    expect(parseSurveyCommand('')).toEqual({ kind: 'overview' });
    expect(parseSurveyCommand('模板')).toEqual({ kind: 'templates' });
    expect(parseSurveyCommand('发起 公平感')).toEqual(expect.objectContaining({ kind: 'launch', scale: 'agree5', department: null, days: null }));
    expect(parseSurveyCommand('发起 工作重要 生产部 是否 3天')).toEqual(expect.objectContaining({ kind: 'launch', scale: 'yesno', department: '生产部', days: 3 }));
    expect(parseSurveyCommand('结果')).toEqual({ kind: 'results', template: null });
    expect(parseSurveyCommand('公平感')).toEqual(expect.objectContaining({ kind: 'results' }));
    expect(parseSurveyCommand('结束 重要感')).toEqual(expect.objectContaining({ kind: 'close', template: expect.objectContaining({ code: 'work_matters' }) }));
    expect(() => parseSurveyCommand('发起')).toThrow('请写明模板');
    expect(() => parseSurveyCommand('发起 公平感 生产部 质量部')).toThrow('没有看懂“质量部”');
    expect(() => parseSurveyCommand('删除')).toThrow('没有看懂“删除”');
  });
});

describe('survey cards', () => {
  const input = { surveyId: 7, taskId: 'survey-x-1', question: '我认为绩效评价是公平的', scale: 'yesno' as const, subtitle: '公平感 · 截止 12月7日 09:00' };
  it('is a single-choice vote card whose submit key names the round', () => {
    const card = buildSurveyCard(input);
    expect(card).toEqual(expect.objectContaining({ card_type: 'vote_interaction', task_id: 'survey-x-1', submit_button: { text: '匿名提交', key: 'survey:answer:7' } }));
    expect(card.checkbox).toEqual({ question_key: 'survey_7', mode: 0, option_list: [{ id: 'yesno_yes', text: '是' }, { id: 'yesno_no', text: '否' }] });
  });
  it('once answered is locked with no option marked', () => {
    const card = buildSurveyAnsweredCard(input);
    expect(card.checkbox.disable).toBe(true);
    expect(card.checkbox.option_list.every((o) => o.is_checked === false)).toBe(true);
    expect(card.replace_text).toBe('已匿名提交，感谢参与');
  });
});
