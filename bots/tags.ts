/**
 * 表扬 / 提醒: behaviour tags from chat. A complete command (`表扬 @张三 主动加班支援 [备注]`) records
 * at once; anything missing is asked with a card: `表扬` alone → the sender's reports → the preset
 * tags → recorded (two taps). An ambiguous name is offered for a tap, never guessed. Also 标签 (the
 * catalogue; HR edits it) and 我的记录 (one's own tags), in tags-catalogue.ts.
 */
import { TAG_KEY_PREFIX } from '../cards/tag-keys';
import type { Bot } from '../src/bot/router';
import type { CommandContext } from '../src/bot/context';
import { findReports } from '../src/jobs/org-sync';
import { firstWord, splitPeople } from '../src/chat/people';
import { cleanMention, findPerson } from '../src/repositories/people';
import { activeCatalogue, POLARITY_WORD, type Polarity } from '../src/repositories/tags';
import { UserError } from '../src/wecom/errors';
import { tagsCatalogueBot } from './tags-catalogue';
import { onTagButton, sendPersonCard, sendTagCard, type FlowStart } from './tags-flow';
import { assertMayTag, assertMayTagAnyone, recordAndNotify } from './tags-record';

export const MAX_NOTE_CHARS = 500;

export function tagsBot(bot: Bot): void {
  bot.command(/^表扬\s*([\s\S]*)$/, (ctx) => onTagCommand(ctx, 'praise'), {
    name: '表扬',
    usage: '表扬 [@姓名 标签 备注]',
    description: '记录表扬；只发“表扬”则从下属和标签卡片中点选',
  });
  bot.command(/^提醒\s*([\s\S]*)$/, (ctx) => onTagCommand(ctx, 'remind'), {
    name: '提醒',
    usage: '提醒 [@姓名 标签 备注]',
    description: '私下提醒（仅本人和上级可见）',
  });
  bot.button(TAG_KEY_PREFIX, onTagButton);
  tagsCatalogueBot(bot);
}

async function onTagCommand(ctx: CommandContext, polarity: Polarity): Promise<void> {
  const word = POLARITY_WORD[polarity];
  const rest = (ctx.match[1] ?? '').trim();
  if ([...rest].length > MAX_NOTE_CHARS) throw new UserError(`内容太长了，备注最多 ${MAX_NOTE_CHARS} 字。`);
  await assertMayTagAnyone(ctx, polarity);
  if (!rest) return fromReports(ctx, { polarity, tag: null, note: '' });

  const catalogue = await activeCatalogue(ctx.ds, polarity);
  const { names, rest: afterPeople } = splitPeople(rest);
  const example = `${word} @张三 ${catalogue[0]?.label ?? '标签'}`;
  // `表扬 主动加班支援 [备注]`: a tag first and no such person → pick the person from the reports.
  const first = names[0];
  if (first && !first.mentioned) {
    const tagFirst = catalogue.find((t) => t.label === first.text);
    if (tagFirst && (await findPerson(ctx.ds, first.text)).kind !== 'one') return fromReports(ctx, { polarity, tag: tagFirst, note: afterPeople });
  }
  const [tagWord, afterTag] = firstWord(afterPeople);
  const tag = tagWord ? catalogue.find((t) => t.label === tagWord) : undefined;
  // Free-text tags are not accepted: the weight comes from the catalogue. Unknown text is the note.
  const note = tag ? afterTag.trim() : afterPeople;
  const start: FlowStart = { polarity, tag: tag ?? null, note };

  const matches = [];
  for (const n of names) {
    const match = await findPerson(ctx.ds, n.text);
    if (match.kind === 'none') {
      throw new UserError(`没有找到“${cleanMention(n.text)}”。请写姓名或企业微信账号，例如：${example}。只发“${word}”可从下属列表中点选。`);
    }
    matches.push({ query: n.text, match });
  }
  if (matches.length === 1) {
    const { query, match } = matches[0];
    if (match.kind === 'many') return sendPersonCard(ctx, start, match.candidates, 'ambiguous', cleanMention(query));
    if (match.kind !== 'one') return;
    await assertMayTag(ctx, match.employee, polarity);
    if (tag) return recordAndNotify(ctx, { target: match.employee, tagType: tag, note });
    return sendTagCard(ctx, start, match.employee, tagWord || undefined);
  }
  // Several people: one tag for all of them, each recorded (and told) on their own.
  if (!tag) {
    const label = catalogue[0]?.label ?? '标签';
    throw new UserError(`同时${word}几位同事时，请写明标签，例如：${word} ${names.map((n) => `@${n.text}`).join(' ')} ${label}。可用标签：${catalogue.map((t) => t.label).join('、')}`);
  }
  const people = matches.flatMap((m) => (m.match.kind === 'one' ? [m.match.employee] : []));
  for (const p of people) await assertMayTag(ctx, p, polarity);
  for (const p of new Set(people)) await recordAndNotify(ctx, { target: p, tagType: tag, note });
  for (const m of matches) {
    if (m.match.kind === 'many') await sendPersonCard(ctx, start, m.match.candidates, 'ambiguous', cleanMention(m.query));
  }
}

async function fromReports(ctx: CommandContext, start: FlowStart): Promise<void> {
  const word = POLARITY_WORD[start.polarity];
  const reports = await findReports(ctx.ds, ctx.userId);
  if (reports.length === 0) {
    throw new UserError(`您目前没有下属可选。可以直接写明对象：${word} @姓名 标签 [备注]，例如：${word} @张三 ${start.tag?.label ?? '标签'}`);
  }
  reports.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.userId.localeCompare(b.userId));
  await sendPersonCard(ctx, start, reports, 'reports');
}
