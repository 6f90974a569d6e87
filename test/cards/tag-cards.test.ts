/** The 表扬/提醒 card builders: WeCom's structural rules, the field limits, and the key fields. */
import { escapePart, pageOf, parseTagKey, tagTaskId, unescapePart, whatKey, whoKey } from '../../cards/tag-keys';
import { buildTagNoticeCard } from '../../cards/tag-notice-card';
import { buildTagPersonCard, type PersonOption } from '../../cards/tag-person-card';
import { buildTagPickerCard } from '../../cards/tag-picker-card';
import { buildTagRecordedCard, buildTagRecordedText } from '../../cards/tag-recorded-card';
import { validateTemplateCard } from '../../src/sandbox/validate-card';
import type { ButtonInteractionCard } from '../../src/wecom/card-types';

const len = (s: string | undefined) => [...(s ?? '')].length;
const args = (key: string) => key.split(':').slice(1);

/** Every limit of §4.3 that WeCom truncates or rejects. */
function expectWithinLimits(card: ButtonInteractionCard): void {
  expect(validateTemplateCard(card)).toBeNull();
  expect(len(card.main_title?.title)).toBeLessThanOrEqual(36);
  expect(len(card.main_title?.desc)).toBeLessThanOrEqual(44);
  expect(len(card.sub_title_text)).toBeLessThanOrEqual(160);
  expect(card.button_list.length).toBeLessThanOrEqual(6);
  for (const b of card.button_list) {
    expect(len(b.text)).toBeLessThanOrEqual(10);
    expect(Buffer.byteLength(b.key ?? '')).toBeLessThanOrEqual(128);
  }
  expect(card.horizontal_content_list?.length ?? 0).toBeLessThanOrEqual(6);
  for (const item of card.horizontal_content_list ?? []) expect(len(item.keyname)).toBeLessThanOrEqual(5);
}

const people = (n: number): PersonOption[] =>
  Array.from({ length: n }, (_, i) => ({ userId: `user${i}`, name: `员工${i}`, detail: '生产部 · 操作工' }));

describe('tag keys', () => {
  it('round-trips every key through the router’s split', () => {
    expect(parseTagKey(args(whoKey(12, 'zhaolei')))).toEqual({ action: 'who', draftId: 12, userId: 'zhaolei' });
    expect(parseTagKey(args(whatKey(12, 'zhaolei', '主动加班支援')))).toEqual({ action: 'what', draftId: 12, userId: 'zhaolei', label: '主动加班支援' });
    expect(parseTagKey(args(whatKey(3, 'u', 'a:b%c')))).toMatchObject({ label: 'a:b%c' });
    expect(parseTagKey(['more', '4', '5', 'a'])).toEqual({ action: 'more', draftId: 4, offset: 5, reason: 'ambiguous' });
    expect(parseTagKey(['page', '4', '5', 'lihua'])).toEqual({ action: 'page', draftId: 4, offset: 5, userId: 'lihua' });
    expect(parseTagKey(['ack', '9'])).toEqual({ action: 'ack', tagId: 9 });
  });

  it('rejects malformed keys', () => {
    for (const bad of [[], ['who'], ['who', 'x', 'u'], ['who', '-1', 'u'], ['what', '1', 'u'], ['more', '1', '-5', 'r'], ['zap', '1']]) {
      expect(parseTagKey(bad)).toBeNull();
    }
  });

  it('escapes only what the key format needs', () => {
    expect(escapePart('a:b%')).toBe('a%3Ab%25');
    expect(unescapePart(escapePart('50%:x%3A'))).toBe('50%:x%3A');
  });

  it('mints task ids in WeCom’s charset', () => {
    expect(tagTaskId(12, new Date(1764576000000))).toBe('tag-12-1764576000000');
  });

  it('pages long lists 5 at a time, wrapping after the last page', () => {
    expect(pageOf([1, 2, 3, 4, 5, 6], 0)).toEqual({ items: [1, 2, 3, 4, 5, 6], next: null, page: 1, pages: 1 });
    const list = Array.from({ length: 12 }, (_, i) => i);
    expect(pageOf(list, 0)).toMatchObject({ items: [0, 1, 2, 3, 4], next: 5, page: 1, pages: 3 });
    expect(pageOf(list, 10)).toMatchObject({ items: [10, 11], next: 0, page: 3 });
    expect(pageOf(list, 99)).toMatchObject({ items: [0, 1, 2, 3, 4], page: 1 });
  });
});

describe('buildTagPersonCard', () => {
  it('shows up to six people as buttons keyed by the draft and userid', () => {
    const card = buildTagPersonCard({ draftId: 7, taskId: 'tag-7-1', polarity: 'praise', people: people(6), offset: 0, reason: 'reports' });
    expectWithinLimits(card);
    expect(card.button_list.map((b) => b.key)).toEqual(people(6).map((p) => `tag:who:7:${p.userId}`));
    expect(card.main_title?.title).toBe('要表扬谁？');
  });

  it('pages seven or more with a 更多 button', () => {
    const card = buildTagPersonCard({ draftId: 7, taskId: 'tag-7-1', polarity: 'remind', people: people(23), offset: 0, reason: 'reports' });
    expectWithinLimits(card);
    expect(card.button_list).toHaveLength(6);
    expect(card.button_list[5]).toEqual({ text: '更多 1/5', style: 2, key: 'tag:more:7:5:r' });
  });

  it('tells same-named people apart by department, then by userid', () => {
    const twins: PersonOption[] = [
      { userId: 'zhaolei', name: '赵磊', detail: '生产部 · 操作工' },
      { userId: 'zhaolei2', name: '赵磊', detail: '仓储部 · 仓管员' },
      { userId: 'zl3', name: '赵磊', detail: '仓储部 · 叉车工' },
    ];
    const card = buildTagPersonCard({ draftId: 1, taskId: 't', polarity: 'praise', people: twins, offset: 0, reason: 'ambiguous', query: '赵磊', tag: '带教新人', note: 'x'.repeat(300) });
    expectWithinLimits(card);
    expect(card.button_list.map((b) => b.text)).toEqual(['赵磊(生产部)', '赵磊(仓管员)', '赵磊(叉车工)']);
    expect(card.sub_title_text).toContain('赵磊(仓管员)：仓储部 · 仓管员 · zhaolei2');
    expect(card.main_title?.desc).toBe('“赵磊”对应 3 人，请点选');
    expect(card.horizontal_content_list?.[0]).toEqual({ keyname: '标签', value: '带教新人' });

    const same = [twins[0], { ...twins[0], userId: 'zhaolei9' }];
    const numbered = buildTagPersonCard({ draftId: 1, taskId: 't', polarity: 'praise', people: same, offset: 0, reason: 'ambiguous', query: '赵磊' });
    expect(numbered.button_list.map((b) => b.text)).toEqual(['赵磊1', '赵磊2']);
    expect(numbered.sub_title_text).toBe('赵磊1：生产部 · 操作工 · zhaolei\n赵磊2：生产部 · 操作工 · zhaolei9');
  });
});

describe('buildTagPickerCard', () => {
  const tags = [
    { label: '主动加班支援', weight: 3 },
    { label: '提出工艺优化建议', weight: 4 },
  ];

  it('offers the preset tags with their weights; the keys carry draft, person and label', () => {
    const card = buildTagPickerCard({ draftId: 3, taskId: 't', polarity: 'praise', target: { userId: 'zhaolei', name: '赵磊' }, tags, offset: 0 });
    expectWithinLimits(card);
    expect(card.button_list.map((b) => b.key)).toEqual(['tag:what:3:zhaolei:主动加班支援', 'tag:what:3:zhaolei:提出工艺优化建议']);
    expect(card.sub_title_text).toBe('主动加班支援：行为分 +3\n提出工艺优化建议：行为分 +4');
  });

  it('stays within the limits with a long catalogue, long names and an unknown tag', () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ label: `很长很长的标签名称${i}号`, weight: -i - 1 }));
    const card = buildTagPickerCard({
      draftId: 3, taskId: 't', polarity: 'remind', target: { userId: 'u', name: '欧阳很长的名字'.repeat(5) }, tags: many, offset: 0,
      unknownTag: '这不是预设的标签而是一段话', note: '备注'.repeat(100),
    });
    expectWithinLimits(card);
    expect(card.button_list[5].key).toBe('tag:page:3:5:u');
  });
});

describe('recorded and notice cards', () => {
  const view = { polarity: 'praise' as const, target: { userId: 'zhaolei', name: '赵磊' }, tag: '主动加班支援', weight: 3, note: '周末抢修', at: '2026-11-27 17:00' };

  it('greys the recorded card out so it cannot be tapped again', () => {
    const card = buildTagRecordedCard({ ...view, draftId: 5, taskId: 'tag-5-1' });
    expectWithinLimits(card);
    expect(card).toMatchObject({ task_id: 'tag-5-1', replace_text: '已记录', main_title: { title: '已记录表扬：赵磊', desc: '主动加班支援 · 行为分 +3' } });
    // The confirmation says what the +3 does (before: only "行为分 +3", read as a change of the total).
    expect(buildTagRecordedText(view)).toBe('已记录表扬：赵磊「主动加班支援」，行为分 +3（计入本月行为分，不计入总分）。\n备注：周末抢修\n时间：2026-11-27 17:00\n已发卡片通知赵磊。');
  });

  it('tells the employee who praised, for what, with the note; a remind says it is private', () => {
    const praise = buildTagNoticeCard({ ...view, tagId: 9, taskId: 'tagn-9-1', authorName: '李华' });
    expectWithinLimits(praise);
    expect(praise.main_title).toEqual({ title: '李华表扬了你', desc: '主动加班支援' });
    expect(praise.button_list).toEqual([{ text: '收到，谢谢', style: 1, key: 'tag:ack:9' }]);
    const remind = buildTagNoticeCard({ ...view, polarity: 'remind', weight: -2, tag: '质量问题提醒', tagId: 10, taskId: 'tagn-10-1', authorName: '李华', note: '' });
    expectWithinLimits(remind);
    expect(remind.sub_title_text).toContain('仅你和你的上级可见');
    // What the tag does: it moves the month's 行为分, not the total (unless HR gives the 行为分 a weight).
    expect(remind.sub_title_text).toContain('本条标签-2计入本月行为分（基准60，加减本月标签），不影响绩效总分。');
    expect(remind.horizontal_content_list).toContainEqual({ keyname: '行为分', value: '-2（计入本月行为分，不计入总分）' });
    expect(praise.sub_title_text).toBe('周末抢修\n本条标签+3计入本月行为分（基准60，加减本月标签），不影响绩效总分。');
    const weighed = buildTagNoticeCard({ ...view, tagId: 11, taskId: 'tagn-11-1', authorName: '李华', behaviourShare: 0.1 });
    expect(weighed.sub_title_text).toContain('行为分计入总分10%。');
    expect(weighed.horizontal_content_list).toContainEqual({ keyname: '行为分', value: '+3（计入本月行为分，计入总分10%）' });
  });
});
