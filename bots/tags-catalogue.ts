/**
 * 标签: the tag catalogue (everyone may read it: employees should know what earns a praise); HR
 * edits it with `标签 新增 表扬|提醒 <名称> <权重>`, `标签 停用 <名称>`, `标签 启用 <名称>`, audited.
 * 我的记录: the sender's own recent tags with author and time, and this month's behaviour score.
 */
import type { Bot } from '../src/bot/router';
import type { CommandContext } from '../src/bot/context';
import { computeBehaviourScore, formatWeight, sumTagWeights, BEHAVIOUR_BASE } from '../src/domain/behaviour';
import { formatLocal, periodOf } from '../src/domain/periods';
import { Employee, TagType } from '../src/entities';
import { hasRole } from '../src/repositories/access';
import { fullCatalogue, POLARITY_WORD, recentTags, saveTagType, tagsBetween, type Polarity } from '../src/repositories/tags';
import { UserError } from '../src/wecom/errors';

export const RECENT_LIMIT = 10;
const MAX_WEIGHT = 20;
const EDIT_USAGE = '用法：标签 新增 表扬 <名称> <权重>；标签 停用 <名称>；标签 启用 <名称>';

export function tagsCatalogueBot(bot: Bot): void {
  bot.command(/^标签(?:\s+([\s\S]*))?$/, onCatalogue, { name: '标签', usage: '标签', description: '查看表扬/提醒标签及分值（HR 可新增、停用）' });
  bot.command(/^我的记录$/, onMyRecord, { name: '我的记录', usage: '我的记录', description: '查看自己收到的表扬和提醒' });
}

async function onCatalogue(ctx: CommandContext): Promise<void> {
  const args = (ctx.match[1] ?? '').trim().split(/\s+/).filter(Boolean);
  const isHr = await hasRole(ctx.ds, ctx.userId, 'hr', ctx.services.config.hrUserIds);
  if (args.length === 0) return ctx.reply(catalogueText(await fullCatalogue(ctx.ds), isHr));
  if (!isHr) throw new UserError('只有 HR 可以修改标签目录。发送“标签”可查看现有标签。');
  const [verb, ...rest] = args;
  const now = ctx.clock();
  if (verb === '新增' || verb === '修改') {
    const [word, label, weightText] = rest;
    const polarity: Polarity | null = word === '表扬' ? 'praise' : word === '提醒' ? 'remind' : null;
    const weight = Number(weightText);
    if (!polarity || !label || rest.length !== 3 || !Number.isFinite(weight)) throw new UserError(EDIT_USAGE);
    checkLabel(label);
    if (weight === 0 || Math.abs(weight) > MAX_WEIGHT) throw new UserError(`权重应为 1 到 ${MAX_WEIGHT} 之间的数（提醒会记为负分）。`);
    // A praise adds to the behaviour score and a reminder subtracts, whichever sign was typed.
    const signed = polarity === 'praise' ? Math.abs(weight) : -Math.abs(weight);
    const { before, after } = await saveTagType(ctx.ds, { actorId: ctx.userId, label, polarity, weight: signed, active: true }, now);
    return ctx.reply(`${before ? '已更新' : '已新增'}${POLARITY_WORD[polarity]}标签“${after.label}”，行为分 ${formatWeight(after.weight)}。`);
  }
  if (verb === '停用' || verb === '启用') {
    const label = rest.join(' ');
    if (!label) throw new UserError(EDIT_USAGE);
    const existing = await ctx.ds.getRepository(TagType).findOneBy({ label });
    if (!existing) throw new UserError(`没有名为“${label}”的标签。发送“标签”可查看现有标签。`);
    await saveTagType(ctx.ds, { actorId: ctx.userId, label, active: verb === '启用' }, now);
    return ctx.reply(`已${verb}标签“${label}”。${verb === '停用' ? '已记录的标签保留，之后不能再选它。' : ''}`);
  }
  throw new UserError(EDIT_USAGE);
}

function checkLabel(label: string): void {
  // A label is a button's text (≤ 10 characters) and a part of a button key.
  if ([...label].length > 10 || /[:\s]/.test(label)) throw new UserError('标签名称最多 10 个字，不能含空格或冒号。');
}

export function catalogueText(tags: TagType[], showInactive: boolean): string {
  const line = (t: TagType) => `• ${t.label}  ${formatWeight(t.weight)}`;
  const section = (p: Polarity) => {
    const rows = tags.filter((t) => t.polarity === p && t.active);
    return [`${POLARITY_WORD[p]}：`, ...(rows.length ? rows.map(line) : ['（暂无）'])];
  };
  const inactive = tags.filter((t) => !t.active);
  return [
    `标签目录（行为分 = ${BEHAVIOUR_BASE} + 当期标签分值之和，限 0–100）`,
    ...section('praise'),
    ...section('remind'),
    ...(showInactive && inactive.length ? [`已停用：${inactive.map((t) => t.label).join('、')}`] : []),
    '上级和 HR 记录时写：表扬 @姓名 标签 [备注]；提醒 @姓名 标签 [备注]',
    ...(showInactive ? [EDIT_USAGE] : []),
  ].join('\n');
}

async function onMyRecord(ctx: CommandContext): Promise<void> {
  const tz = ctx.services.config.timezone;
  const month = periodOf('month', ctx.clock(), tz);
  const recent = await recentTags(ctx.ds, ctx.userId, RECENT_LIMIT);
  const monthTags = await tagsBetween(ctx.ds, ctx.userId, month.start, month.end);
  const score = `${month.label}行为分 ${computeBehaviourScore(monthTags)}（基准 ${BEHAVIOUR_BASE}，标签合计 ${formatWeight(sumTagWeights(monthTags))}）`;
  if (recent.length === 0) return ctx.reply(`您还没有收到表扬或提醒。\n${score}`);
  const authors = new Map((await ctx.ds.getRepository(Employee).find()).map((e) => [e.userId, e.name]));
  const lines = recent.map((t) => {
    const note = t.note ? `：${t.note.slice(0, 40)}` : '';
    return `${formatLocal(t.createdAt, tz)} ${POLARITY_WORD[t.polarity]}「${t.tag}」${formatWeight(t.weight)} · ${authors.get(t.authorId) ?? t.authorId}${note}`;
  });
  await ctx.reply([`我的记录（最近 ${recent.length} 条）`, ...lines, score].join('\n'));
}
