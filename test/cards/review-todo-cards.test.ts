/**
 * The 评价待办/提醒 card and HR's completeness report: shapes, WeCom's limits (≤6 buttons, ≤10
 * options, ≤6 horizontal items with keyname ≤5, title ≤36, desc ≤44, sub_title ≤160) and the keys
 * that lead into the 评价 card flow.
 */
import { buildCompletenessReportMarkdown } from '../../cards/completeness-report-card';
import { parseReviewKey, PICK_QUESTION } from '../../cards/review-keys';
import { buildReviewTodoCard, reviewTodoTaskId, splitTodoPeople, type ReviewTodoCardView, type TodoPerson } from '../../cards/review-todo-card';
import { parseKey } from '../../cards/keys';
import { validateTemplateCard } from '../../src/sandbox/validate-card';

const person = (i: number, silent = false): TodoPerson => ({ userId: `op${i}`, name: `操作工${i}`, detail: '生产部 · 操作工', silent });

function view(people: TodoPerson[], over: Partial<ReviewTodoCardView> = {}): ReviewTodoCardView {
  return {
    kind: 'todo',
    month: { key: '2026-11', label: '2026年11月' },
    people,
    openTotal: people.length,
    silentTotal: people.filter((p) => p.silent).length,
    part: { index: 1, count: 1 },
    deadline: '11月30日',
    windowStart: '11月2日',
    taskId: reviewTodoTaskId('review_todo', 7, 'lihua', 1),
    ...over,
  };
}

const chars = (s: string | undefined) => [...(s ?? '')].length;

function expectWithinLimits(card: ReturnType<typeof buildReviewTodoCard>): void {
  expect(validateTemplateCard(card)).toBeNull();
  expect(chars(card.main_title?.title)).toBeLessThanOrEqual(36);
  expect(chars(card.main_title?.desc)).toBeLessThanOrEqual(44);
  expect(chars(card.sub_title_text)).toBeLessThanOrEqual(160);
  expect(card.button_list.length).toBeLessThanOrEqual(6);
  for (const b of card.button_list) expect(chars(b.text)).toBeLessThanOrEqual(10);
  expect(card.horizontal_content_list?.length ?? 0).toBeLessThanOrEqual(6);
  for (const h of card.horizontal_content_list ?? []) expect(chars(h.keyname)).toBeLessThanOrEqual(5);
  expect(card.button_selection?.option_list.length ?? 0).toBeLessThanOrEqual(10);
}

describe('评价待办 card', () => {
  it('up to six people: a button each that opens the star card for that person, the flag on the line', () => {
    const card = buildReviewTodoCard(view([person(1, true), person(2)]));
    expectWithinLimits(card);
    expect(card.main_title).toEqual({ title: '2026年11月 主管评价待办', desc: '还有 2 人未评价，1 人已连续3周无反馈' });
    expect(card.button_list.map((b) => [b.text, b.key])).toEqual([
      ['操作工1', 'review:who:op1:2026-11'],
      ['操作工2', 'review:who:op2:2026-11'],
    ]);
    const k = parseKey(card.button_list[0].key!)!;
    expect(parseReviewKey([k.action, ...k.args])).toEqual({ action: 'who', userId: 'op1', month: '2026-11' });
    expect(card.horizontal_content_list).toEqual([
      { keyname: '操作工1', value: '⚠ 已连续3周无反馈' },
      { keyname: '操作工2', value: '待评价 · 生产部 · 操作工' },
    ]);
    expect(card.sub_title_text).toBe(
      '请于11月30日前完成2026年11月的主管评价。\n⚠ 操作工1：自11月2日起没有收到表扬/提醒标签或评语，请多关注。\n点姓名开始评价，再选 1–5 星。',
    );
    expect(card.task_id).toBe('rtodo-review_todo-7-lihua-1');
  });

  it('six people still fit as buttons; seven become a selection with one 评价所选 button', () => {
    expect(buildReviewTodoCard(view([1, 2, 3, 4, 5, 6].map((i) => person(i)))).button_list).toHaveLength(6);
    const card = buildReviewTodoCard(view([1, 2, 3, 4, 5, 6, 7].map((i) => person(i, i === 3))));
    expectWithinLimits(card);
    expect(card.button_list).toEqual([{ text: '评价所选', style: 1, key: 'review:pick:2026-11' }]);
    expect(card.button_selection?.question_key).toBe(PICK_QUESTION);
    expect(card.button_selection?.option_list[2]).toEqual({ id: 'op3', text: '操作工3（已连续3周无反馈）' });
    expect(card.button_selection?.option_list[0]).toEqual({ id: 'op1', text: '操作工1（生产部 · 操作工）' });
    expect(card.horizontal_content_list).toEqual([
      { keyname: '待评价', value: '7 人' },
      { keyname: '3周无反馈', value: '1 人' },
    ]);
  });

  it('more than ten people go on several balanced cards, in order, numbered in the desc', () => {
    expect(splitTodoPeople([...Array(13).keys()]).map((c) => c.length)).toEqual([7, 6]);
    expect(splitTodoPeople([...Array(12).keys()]).map((c) => c.length)).toEqual([6, 6]);
    expect(splitTodoPeople([...Array(10).keys()]).map((c) => c.length)).toEqual([10]);
    expect(splitTodoPeople([...Array(21).keys()]).map((c) => c.length)).toEqual([7, 7, 7]);
    expect(splitTodoPeople([...Array(25).keys()]).flat()).toEqual([...Array(25).keys()]);
    expect(splitTodoPeople([])).toEqual([]);
    const card = buildReviewTodoCard(view([1, 2, 3, 4, 5, 6].map((i) => person(i)), { openTotal: 12, part: { index: 2, count: 2 } }));
    expect(card.main_title?.desc).toBe('还有 12 人未评价 · 第 2/2 张');
    expect(() => buildReviewTodoCard(view([...Array(11).keys()].map((i) => person(i))))).toThrow(/1 to 10/);
  });

  it('the reminder says the month is closing and keeps the same keys', () => {
    const card = buildReviewTodoCard(view([person(1)], { kind: 'reminder' }));
    expectWithinLimits(card);
    expect(card.main_title?.title).toBe('2026年11月 评价提醒');
    expect(card.source?.desc).toBe('绩效助手 · 评价提醒');
    expect(card.sub_title_text).toContain('2026年11月评价将于11月30日截止');
    expect(card.button_list[0].key).toBe('review:who:op1:2026-11');
  });

  it('long names are clipped to the limits', () => {
    const long = { userId: 'x', name: '欧阳一二三四五六七八九', detail: '一个很长很长的部门名称 · 一个很长很长的岗位名称', silent: true };
    const card = buildReviewTodoCard(view([long]));
    expectWithinLimits(card);
    expect(card.horizontal_content_list?.[0].keyname).toBe('欧阳一二…');
  });
});

describe('completeness report to HR', () => {
  const weeks = [{ label: 'W45（11-02起）' }, { label: 'W46（11-09起）' }, { label: 'W47（11-16起）' }];
  it('one line per department with the share per week and the flagged count, a 合计, the names and the to-do totals', () => {
    const md = buildCompletenessReportMarkdown({
      monthLabel: '2026年11月',
      weeks,
      rows: [
        { departmentId: 2, name: '研发部', members: 3, covered: [2, 1, 0] },
        { departmentId: 3, name: '生产部', members: 4, covered: [4, 2, 2] },
      ],
      silentByDepartment: new Map([[2, 1]]),
      silentNames: ['杨帆'],
      todos: { managers: 2, open: 4, silent: 1 },
    });
    expect(md.split('\n')).toEqual([
      '**2026年11月 过程记录完成率**（近 3 个完整周）',
      '每周至少有 1 条表扬/提醒标签或主管评语的员工占比',
      '> 周次：W45（11-02起） · W46（11-09起） · W47（11-16起）',
      '',
      '**研发部**（3 人）：67% · 33% · 0%　3周无反馈 1 人',
      '**生产部**（4 人）：100% · 50% · 50%',
      '**合计**（7 人）：86% · 43% · 29%　3周无反馈 1 人',
      '',
      '<font color="warning">上周低于 50%：研发部</font>',
      '已连续3周无反馈：杨帆',
      '今天已向 2 位主管发送评价待办：4 人尚未评价，其中 1 人已连续3周无反馈。',
    ]);
  });

  it('stays within 2048 bytes and names at most 20 people', () => {
    const rows = [...Array(60).keys()].map((i) => ({ departmentId: i, name: `第${i}车间`, members: 50, covered: [10, 20, 30] }));
    const names = [...Array(45).keys()].map((i) => `员工${i}`);
    const md = buildCompletenessReportMarkdown({ monthLabel: '2026年11月', weeks, rows, silentByDepartment: new Map(), silentNames: names, todos: { managers: 0, open: 0, silent: 0 } });
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(2048);
    expect(md.endsWith('…')).toBe(true);
    const few = buildCompletenessReportMarkdown({ monthLabel: '2026年11月', weeks, rows: rows.slice(0, 1), silentByDepartment: new Map(), silentNames: names, todos: { managers: 0, open: 0, silent: 0 } });
    expect(few).toContain('员工19 等 45 人');
    expect(few).not.toContain('员工20');
    expect(few).toContain('本月主管评价已全部完成，今天没有发送评价待办。');
  });
});
