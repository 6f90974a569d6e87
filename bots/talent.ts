/**
 * The talent review in chat: 九宫格 [部门] [季度], 调整 @姓名 格子 原因, 发布九宫格, 人才 @姓名,
 * 发展计划 [@姓名] (with the monthly check-in buttons), 储备干部 [规则名] (and 增加/移除 with a reason).
 * HR sees everyone; a manager the people below them; an employee only their own plan.
 */
import { randomBytes } from 'node:crypto';
import { buildPlanCard, buildPlanCheckedCard, CHECKIN_LABEL, parsePlanCheckinKey, PLAN_KEY_PREFIX, type PlanCardView } from '../cards/talent-plan-card';
import { buildTalentSummaryCard } from '../cards/talent-summary-card';
import { writeAudit } from '../src/audit';
import { startConversation } from '../src/bot/conversations';
import type { BaseContext, CommandContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { parsePeriod, periodOf, previousPeriod } from '../src/domain/periods';
import { Department, DevelopmentPlan, Employee, PlanCheckin, TalentReview } from '../src/entities';
import { hasRole } from '../src/repositories/access';
import { h5PageLink, scorecardPageLink } from '../src/http/h5-auth';
import { requireDepartment, requirePerson } from '../src/repositories/chat-lookup';
import { findBox, LEVEL_LABEL, type BoxCode } from '../src/talent/boxes';
import { addCheckinNote, latestPlan, overduePlans, recordCheckin } from '../src/talent/plan-checkins';
import { inScope, talentScopeOf, type TalentScope } from '../src/talent/talent-access';
import { loadTalentConfig, saveBoxOverrides } from '../src/talent/talent-config';
import { computeTalentReview, countByBox, moveInReview, movementSincePrevious, publishReview, requireReview, reviewRows } from '../src/talent/talent-reviews';
import { TALENT_PAGE_PATH } from '../src/talent/talent-quarterly-job';
import { parseQuarterWord } from '../src/talent/talent-words';
import { UserError } from '../src/wecom/errors';
import { cadreBot } from './talent-cadres';

const GRID_USAGE = '用法：九宫格 [部门] [季度]\n例如：九宫格、九宫格 生产部、九宫格 生产部 2026-Q4\nHR 还可以：九宫格 计算 2026-Q4（立即重新计算草稿）';
const MOVE_USAGE = '用法：调整 @姓名 格子名 原因\n例如：调整 @孙丽 潜力之星 主导3号线换线改造，协作评分尚未录入';
const NOTE_TTL_MS = 10 * 60_000;

export function talentBot(bot: Bot): void {
  bot.command(/^九宫格(?=$|\s)\s*([\s\S]*)$/, grid, { name: '九宫格', usage: '九宫格 [部门] [季度]', description: '季度人才九宫格（HR、主管）' });
  bot.command(/^调整(?=$|\s|[@＠])\s*([\s\S]*)$/, move, { name: '调整', usage: '调整 @姓名 格子名 原因', description: '校准九宫格（HR、主管，发布前）' });
  bot.command(/^发布九宫格\s*([\s\S]*)$/, publish, { name: '发布九宫格', usage: '发布九宫格 [季度]', description: '发布并冻结季度九宫格，生成发展计划（HR）' });
  bot.command(/^人才(?=$|\s|[@＠])\s*([\s\S]*)$/, profile, { name: '人才', usage: '人才 @姓名', description: '某人的人才档案（HR、主管）' });
  bot.command(/^发展计划(?=$|\s|[@＠])\s*([\s\S]*)$/, plan, { name: '发展计划', usage: '发展计划 [@姓名]', description: '查看并跟进发展计划' });
  bot.button(PLAN_KEY_PREFIX, async (ctx) => {
    const parsed = parsePlanCheckinKey(ctx.args);
    if (!parsed) throw new UserError('这个按钮已失效，请重新发送“发展计划”。');
    // The month comes from the card; a tap on an old month's card records nothing.
    const month = periodOf('month', ctx.clock(), ctx.services.config.timezone);
    if (parsed.monthKey !== month.key) throw new UserError(`这张卡片是 ${parsed.monthKey} 的跟进，已过期。请发送“发展计划”获取本月的卡片。`);
    const checkin = await recordCheckin(ctx.ds, { planId: parsed.planId, monthKey: month.key, status: parsed.status, note: '', byUserId: ctx.userId }, ctx.clock());
    const view = await planView(ctx, (await ctx.ds.getRepository(DevelopmentPlan).findOneByOrFail({ id: parsed.planId })));
    await ctx.updateCard(buildPlanCheckedCard(view, parsed.status));
    await startConversation(ctx.ds, ctx.userId, 'plan-note', { checkinId: checkin.id }, ctx.clock(), NOTE_TTL_MS);
    await ctx.reply(`已记录：${month.label}跟进「${CHECKIN_LABEL[parsed.status]}」。可以直接回复一句进展说明（10 分钟内），发送“取消”则不写说明。`);
  });
  bot.conversation('plan-note', async (ctx) => {
    const msg = ctx.message;
    if (msg.kind !== 'text' || !msg.content.trim()) return ctx.reply('请用文字回复进展说明，或发送“取消”。');
    const text = msg.content.trim();
    // A command typed instead of a note is run as a command; the note is simply not written.
    const route = bot.match(msg);
    if (route?.kind === 'command') {
      await ctx.endConversation();
      return route.run(ctx);
    }
    await addCheckinNote(ctx.ds, Number(ctx.conversation.state.checkinId), text);
    await ctx.endConversation();
    await ctx.reply('说明已记下，主管和 HR 在发展计划里可以看到。');
  });
  cadreBot(bot);
}

export function isHr(ctx: BaseContext): Promise<boolean> {
  return hasRole(ctx.ds, ctx.userId, 'hr', ctx.services.config.hrUserIds);
}

async function scopeOf(ctx: BaseContext): Promise<TalentScope> {
  return talentScopeOf(ctx.ds, ctx.userId, ctx.services.config.hrUserIds);
}

/** The review a command means: the quarter named, else the latest one. */
async function reviewFor(ctx: BaseContext, quarterWord?: string): Promise<TalentReview> {
  if (quarterWord) {
    const key = parseQuarterWord(quarterWord, ctx.clock(), ctx.services.config.timezone);
    if (!key) throw new UserError(`“${quarterWord}”不是季度。请写成 2026-Q4、Q4 或 四季度。`);
    return requireReview(ctx.ds, key);
  }
  const latest = await ctx.ds.getRepository(TalentReview).findOne({ where: {}, order: { quarterKey: 'DESC' } });
  if (!latest) throw new UserError('还没有人才盘点结果。季度结束后系统会自动计算九宫格。');
  return latest;
}

function pageLink(ctx: BaseContext, params: Record<string, string>): string {
  return h5PageLink(ctx.services.config, ctx.userId, TALENT_PAGE_PATH, params, ctx.clock());
}

async function grid(ctx: CommandContext): Promise<void> {
  const tokens = ctx.match[1].split(/\s+/).filter(Boolean);
  const tz = ctx.services.config.timezone;
  if (tokens[0] === '计算') {
    if (!(await isHr(ctx))) throw new UserError('只有 HR 可以重新计算九宫格。');
    const key = tokens[1] ? parseQuarterWord(tokens[1], ctx.clock(), tz) : previousPeriod(periodOf('quarter', ctx.clock(), tz), tz).key;
    if (!key) throw new UserError(GRID_USAGE);
    await computeTalentReview(ctx.ds, key, tz, ctx.clock());
    tokens.splice(0, tokens.length, key);
  }
  if (tokens[0] === '格子') return editBox(ctx);
  const scope = await scopeOf(ctx);
  if (scope.kind === 'none') throw new UserError('九宫格仅限 HR 和主管查看。发送“发展计划”可以查看您自己的发展计划。');
  if (tokens.length > 2) throw new UserError(GRID_USAGE);
  let quarterWord: string | undefined;
  let departmentName: string | undefined;
  for (const t of tokens) {
    if (parseQuarterWord(t, ctx.clock(), tz)) quarterWord = t;
    else departmentName = t;
  }
  const review = await reviewFor(ctx, quarterWord);
  let rows = (await reviewRows(ctx.ds, review)).filter((r) => inScope(scope, r.userId));
  let audience = scope.kind === 'all' ? '全公司' : '您的团队';
  const params: Record<string, string> = { quarter: review.quarterKey };
  if (departmentName) {
    const department = await requireDepartment(ctx.ds, departmentName);
    const ids = await departmentAndBelow(ctx, department.id);
    rows = rows.filter((r) => r.departmentId !== null && ids.has(r.departmentId));
    if (rows.length === 0) throw new UserError(`${department.name}没有您可以查看的盘点结果。`);
    audience = department.name;
    params.department = String(department.id);
  }
  if (rows.length === 0) throw new UserError('您名下没有参与本季度盘点的员工。');
  const movement = await movementSincePrevious(ctx.ds, review, rows, tz);
  await ctx.reply({
    card: buildTalentSummaryCard({
      quarterLabel: parsePeriod(review.quarterKey, tz).label,
      status: review.status,
      audience,
      counts: countByBox(rows, review.boxes),
      notPlaced: rows.filter((r) => r.finalBox === null).length,
      up: movement.up.map((m) => m.name),
      down: movement.down.map((m) => m.name),
      pageUrl: pageLink(ctx, params),
      forHr: scope.kind === 'all',
    }),
  });
}

const BOX_USAGE = '用法：九宫格 格子 原名称 名称 新名称，或 九宫格 格子 原名称 措施 新的发展措施\n例如：九宫格 格子 骨干 措施 提供专项技能认证补贴，每季度评一次';

/** HR renames a box or changes its default action; drafts use it from their next computation. */
async function editBox(ctx: CommandContext): Promise<void> {
  if (!(await isHr(ctx))) throw new UserError('只有 HR 可以修改九宫格的格子名称和措施。');
  const m = /^格子\s+(\S+)\s+(名称|措施)\s+([\s\S]+)$/.exec(ctx.match[1].trim());
  if (!m) throw new UserError(BOX_USAGE);
  const [, current, field, value] = m;
  const { boxes } = await loadTalentConfig(ctx.ds);
  const box = findBox(boxes, current);
  if (!box) throw new UserError(`没有名为“${current}”的格子。现有：${boxes.map((b) => b.name).join('、')}`);
  const text = value.trim();
  if (field === '名称' && (text.length > 5 || boxes.some((b) => b.name === text && b.code !== box.code))) throw new UserError('格子名称最多 5 个字，且不能与其他格子重名。');
  const overrides = boxes.map((b) => ({ code: b.code, name: b.name, action: b.action, meaning: b.meaning }));
  const target = overrides.find((o) => o.code === box.code)!;
  if (field === '名称') target.name = text;
  else target.action = text;
  const now = ctx.clock();
  await saveBoxOverrides(ctx.ds, overrides, `user:${ctx.userId}`, now);
  await ctx.ds.transaction((mgr) =>
    writeAudit(mgr, { actor: `user:${ctx.userId}`, action: 'talent.box_edited', entity: 'talent_config', entityId: box.code, before: { name: box.name, action: box.action }, after: { name: target.name, action: target.action }, reason: `修改九宫格格子${field}` }, now),
  );
  await ctx.reply(`已修改「${box.name}」的${field}：${text}\n之后计算的草稿和新生成的发展计划使用新的${field}；已发布的季度保持原样。`);
}

async function departmentAndBelow(ctx: BaseContext, id: number): Promise<Set<number>> {
  const all = await ctx.ds.getRepository(Department).find();
  const out = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of all) if (d.parentId !== null && out.has(d.parentId) && !out.has(d.id)) (out.add(d.id), (grew = true));
  }
  return out;
}

async function move(ctx: CommandContext): Promise<void> {
  const m = /^(\S+)\s+(\S+)\s*([\s\S]*)$/.exec(ctx.match[1].trim());
  if (!m) throw new UserError(MOVE_USAGE);
  const [, mention, boxWord, reason] = m;
  const review = await reviewFor(ctx);
  const box = findBox(review.boxes, boxWord);
  if (!box) throw new UserError(`没有名为“${boxWord}”的格子。可选：${review.boxes.map((b) => b.name).join('、')}\n${MOVE_USAGE}`);
  const person = await requirePerson(ctx.ds, mention, (id) => `调整 @${id} ${box.name} ${reason}`.trim());
  const scope = await scopeOf(ctx);
  if (!inScope(scope, person.userId)) throw new UserError(`您只能校准自己下属的九宫格，无权调整${person.name}。`);
  const { from } = await moveInReview(ctx.ds, { quarterKey: review.quarterKey, userId: person.userId, toBox: box.code, actor: `user:${ctx.userId}`, reason }, ctx.clock());
  const fromName = from ? review.boxes.find((b) => b.code === from)?.name ?? from : '未落格';
  await ctx.reply(`已校准：${person.name} 从「${fromName}」调整到「${box.name}」（业绩${LEVEL_LABEL[box.performance]}、潜力${LEVEL_LABEL[box.potential]}）。\n原因：${reason.trim()}\n这条调整已记录，页面上会与系统计算结果并排显示。`);
}

async function publish(ctx: CommandContext): Promise<void> {
  if (!(await isHr(ctx))) throw new UserError('只有 HR 可以发布九宫格。');
  const review = await reviewFor(ctx, ctx.match[1].trim() || undefined);
  const { plans } = await publishReview(ctx.ds, review.quarterKey, `user:${ctx.userId}`, ctx.services.config.timezone, ctx.clock());
  await ctx.reply(`${parsePeriod(review.quarterKey, ctx.services.config.timezone).label}的九宫格已发布并冻结，已为 ${plans} 人生成发展计划。员工发送“发展计划”即可查看和跟进。`);
}

async function profile(ctx: CommandContext): Promise<void> {
  const mention = ctx.match[1].trim();
  if (!mention) throw new UserError('用法：人才 @姓名\n例如：人才 @赵磊');
  const scope = await scopeOf(ctx);
  if (scope.kind === 'none') throw new UserError('人才档案仅限 HR 和主管查看。发送“发展计划”可以查看您自己的发展计划。');
  const person = await requirePerson(ctx.ds, mention, (id) => `人才 @${id}`);
  if (!inScope(scope, person.userId)) throw new UserError(`您只能查看自己下属的人才档案，无权查看${person.name}。`);
  const review = await reviewFor(ctx);
  const row = (await reviewRows(ctx.ds, review, [person.userId]))[0];
  const tz = ctx.services.config.timezone;
  const label = parsePeriod(review.quarterKey, tz).label;
  if (!row) throw new UserError(`${person.name}不在${label}的人才盘点名单中。`);
  const d = row.placement.detail.placement;
  const name = (code: BoxCode | null) => (code ? review.boxes.find((b) => b.code === code)?.name ?? code : '数据不足');
  const lines = [
    `**${person.name} · ${label}人才档案**`,
    `业绩：${row.performance ?? '数据不足'}（各月总分 ${row.placement.detail.input.monthlyTotals.map((t) => t ?? '无').join(' / ')}${d.performanceRank != null ? `；组内百分位 ${d.performanceRank}` : ''}）`,
    `潜力指数：${row.potential}（行为 ${d.signalRanks.behaviour}、学习 ${d.signalRanks.learning}、协作 ${d.signalRanks.collaboration}、趋势 ${d.signalRanks.trend}，组内百分位${d.potentialRank != null ? `；指数的组内百分位 ${d.potentialRank}` : ''}）`,
    `格子：${name(row.computedBox)}${row.finalBox !== row.computedBox ? ` → 校准后 ${name(row.finalBox)}` : ''}`,
    ...row.moves.map((m) => `> 校准：${m.reason}`),
    `[打开人才档案](${pageLink(ctx, { quarter: review.quarterKey, user: person.userId })})`,
  ];
  await ctx.reply({ markdown: lines.join('\n') });
}

async function planView(ctx: BaseContext, plan: DevelopmentPlan): Promise<PlanCardView> {
  const tz = ctx.services.config.timezone;
  const month = periodOf('month', ctx.clock(), tz);
  const person = await ctx.ds.getRepository(Employee).findOneBy({ userId: plan.userId });
  const review = await ctx.ds.getRepository(TalentReview).findOneBy({ quarterKey: plan.quarterKey });
  const last = await ctx.ds.getRepository(PlanCheckin).findOne({ where: { planId: plan.id }, order: { monthKey: 'DESC' } });
  return {
    plan,
    personName: person?.name ?? plan.userId,
    boxName: review?.boxes.find((b) => b.code === plan.box)?.name ?? plan.box,
    monthKey: month.key,
    monthLabel: month.label,
    lastCheckin: last,
    canCheckIn: ctx.userId === plan.userId || ctx.userId === plan.ownerUserId,
    taskUnique: `${plan.id}-${month.key}-${randomBytes(3).toString('hex')}`,
    // A manager or HR opens the talent profile; the employee, who never sees the grid, their scorecard.
    pageUrl: inScope(await scopeOf(ctx), plan.userId)
      ? pageLink(ctx, { quarter: plan.quarterKey, user: plan.userId })
      : scorecardPageLink(ctx.services.config, ctx.userId, plan.userId, month.key, ctx.clock()),
  };
}

async function plan(ctx: CommandContext): Promise<void> {
  const arg = ctx.match[1].trim();
  const tz = ctx.services.config.timezone;
  if (arg === '逾期') {
    if (!(await isHr(ctx))) throw new UserError('逾期的发展计划清单仅限 HR 查看。');
    const list = await overduePlans(ctx.ds, ctx.clock(), previousPeriod(periodOf('month', ctx.clock(), tz), tz).key);
    if (list.length === 0) return ctx.reply('目前没有逾期的发展计划。');
    const lines = list.slice(0, 30).map((o) => `- ${o.name}：${o.plan.goal}（${o.why}）`);
    return ctx.reply({ markdown: [`**逾期的发展计划（${list.length} 份）**`, ...lines, list.length > 30 ? `…… 另有 ${list.length - 30} 份` : ''].filter(Boolean).join('\n') });
  }
  let userId = ctx.userId;
  if (arg) {
    const person = await requirePerson(ctx.ds, arg, (id) => `发展计划 @${id}`);
    if (person.userId !== ctx.userId && !inScope(await scopeOf(ctx), person.userId)) throw new UserError(`您只能查看自己和下属的发展计划，无权查看${person.name}的。`);
    userId = person.userId;
  }
  const found = await latestPlan(ctx.ds, userId);
  if (!found) throw new UserError(userId === ctx.userId ? '您目前还没有发展计划。季度九宫格发布后会自动生成。' : '此人目前还没有发展计划。');
  await ctx.reply({ card: buildPlanCard(await planView(ctx, found)) });
}

