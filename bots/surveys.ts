/**
 * 调查 (pulse surveys): HR lists templates, launches a round to everyone or a department as a vote
 * card, ends it and reads the results; managers read the results of their departments; everyone
 * answers by tapping the card. Results only for groups of at least five, and only once a round has
 * ended (figures that move while it runs would give each new answer away).
 */
import { buildSurveyAnsweredCard, buildSurveyCard, type SurveyCardInput } from '../cards/survey-card';
import { parseSurveyAnswer, SURVEY_KEY_PREFIX, surveyQuestionKey } from '../cards/survey-keys';
import type { BaseContext, ButtonContext, CommandContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { Department, Employee } from '../src/entities';
import { hasRole } from '../src/repositories/access';
import { parseSurveyCommand, SurveyCommandError, type SurveyCommand } from '../src/surveys/command';
import type { GroupResult } from '../src/surveys/disclosure';
import { redactSurveyTap } from '../src/surveys/redact';
import { localDate, localDateTime, progressText, roundText, trendText, type RoundView } from '../src/surveys/results-text';
import {
  answeredCount, audienceFor, closedRounds, closeRound, DEFAULT_DAYS, launchRound, loadRounds, openRound, recordAnswer, type LoadedRound,
} from '../src/surveys/store';
import { Survey } from '../src/surveys/survey.entity';
import { MIN_GROUP, optionById, SCALE_LABEL, SURVEY_TEMPLATES, type SurveyTemplate } from '../src/surveys/templates';
import { UserError } from '../src/wecom/errors';

const isHr = (ctx: BaseContext) => hasRole(ctx.ds, ctx.userId, 'hr', ctx.services.config.hrUserIds);
const WECOM_MAX_TOUSER = 1000;

export function surveysBot(bot: Bot): void {
  bot.command(/^调查(?=$|\s)\s*([\s\S]*)$/, onCommand, {
    name: '调查',
    usage: '调查 [模板 | 发起 公平感 [部门] [是否] [7天] | 结果 [公平感] | 结束 公平感]',
    description: '匿名调查：HR 发起和结束，HR 与主管查看结果（每组至少5人才显示）',
  });
  bot.button(SURVEY_KEY_PREFIX, onAnswer);
}

/** The departments a manager leads, and every department below them; null when that is every department. */
async function scopeOf(ctx: BaseContext): Promise<Set<number> | null> {
  const me = ctx.employee ?? (await ctx.ds.getRepository(Employee).findOneBy({ userId: ctx.userId }));
  const roots = me?.leadsDepartmentIds ?? [];
  const departments = await ctx.ds.getRepository(Department).find({ select: { id: true, parentId: true } });
  const scope = new Set<number>(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of departments) if (d.parentId !== null && scope.has(d.parentId) && !scope.has(d.id)) (scope.add(d.id), (grew = true));
  }
  // Leading the top of the org (e.g. 总经理) sees what HR sees.
  return departments.length > 0 && departments.every((d) => scope.has(d.id)) ? null : scope;
}

async function onCommand(ctx: CommandContext): Promise<void> {
  let cmd: SurveyCommand;
  try {
    cmd = parseSurveyCommand(ctx.match[1] ?? '');
  } catch (err) {
    if (err instanceof SurveyCommandError) throw new UserError(err.message);
    throw err;
  }
  const hr = await isHr(ctx);
  const scope = hr ? null : await scopeOf(ctx);
  const manager = scope === null || scope.size > 0;
  if (cmd.kind === 'templates') return ctx.reply({ markdown: templatesText() });
  if (cmd.kind === 'launch' || cmd.kind === 'close') {
    if (!hr) throw new UserError(`只有 HR 可以${cmd.kind === 'launch' ? '发起' : '结束'}匿名调查。${manager ? '主管可发送“调查 结果”查看本部门结果。' : ''}`);
    return cmd.kind === 'launch' ? launch(ctx, cmd) : close(ctx, cmd.template);
  }
  if (!hr && !manager) {
    throw new UserError('匿名调查由 HR 发起：收到调查卡片后，选择一项并点“匿名提交”即可。回答不记名，HR 和主管只能看到每组至少5人的汇总结果。');
  }
  if (cmd.kind === 'overview' && hr) return overview(ctx);
  const templates = cmd.kind === 'results' && cmd.template ? [cmd.template] : [...SURVEY_TEMPLATES];
  return results(ctx, templates, scope);
}

function templatesText(): string {
  const lines = SURVEY_TEMPLATES.map((t) => `- **${t.name}**：${t.question}（${SCALE_LABEL[t.scale]}，也可用是/否）`);
  return ['**匿名调查模板**', ...lines, '', `发起示例：调查 发起 ${SURVEY_TEMPLATES[0].name}（全体）；调查 发起 ${SURVEY_TEMPLATES[1].name} 生产部 是否 3天`].join('\n');
}

async function overview(ctx: CommandContext): Promise<void> {
  const now = ctx.clock();
  const tz = ctx.services.config.timezone;
  const lines = [templatesText(), ''];
  let open = 0;
  for (const t of SURVEY_TEMPLATES) {
    const round = await openRound(ctx.ds, t.code, now);
    if (round) {
      open++;
      lines.push(progressText(round, await answeredCount(ctx.ds, round.id), tz, t.name));
    }
  }
  if (open === 0) lines.push('目前没有进行中的调查。');
  lines.push('', `查看结果：调查 结果（或 调查 结果 ${SURVEY_TEMPLATES[0].name}）`);
  await ctx.reply({ markdown: lines.join('\n') });
}

async function launch(ctx: CommandContext, cmd: Extract<SurveyCommand, { kind: 'launch' }>): Promise<void> {
  const now = ctx.clock();
  const tz = ctx.services.config.timezone;
  const t = cmd.template;
  const running = await openRound(ctx.ds, t.code, now);
  if (running) {
    throw new UserError(`“${t.name}”已有进行中的调查（${running.title}，截止 ${localDateTime(running.closesAt, tz)}）。可先发送“调查 结束 ${t.name}”再发起新一轮。`);
  }
  let department: { id: number; name: string } | null = null;
  if (cmd.department) {
    const found = await ctx.ds.getRepository(Department).findOne({ where: { name: cmd.department, active: true }, order: { id: 'ASC' } });
    if (!found) throw new UserError(`没有找到部门“${cmd.department}”。请写部门全称，或不写部门发给全体。`);
    department = { id: found.id, name: found.name };
  }
  const audience = await audienceFor(ctx.ds, department?.id ?? null);
  if (audience.members.length < MIN_GROUP) {
    throw new UserError(`${department?.name ?? '全体'}只有 ${audience.members.length} 人，不足5人的调查无法显示任何结果，未发起。`);
  }
  const days = cmd.days ?? DEFAULT_DAYS;
  const title = `${t.name} ${localDate(now, tz)}${department ? ` ${department.name}` : ''}`;
  const survey = await ctx.ds.transaction(async (m) => {
    const s = await launchRound(m, { template: t, scale: cmd.scale, department, days, launchedBy: ctx.userId, now, title }, audience);
    const card = buildSurveyCard(cardInput(s, tz));
    const ids = audience.members.map((p) => p.userId);
    for (let i = 0; i < ids.length; i += WECOM_MAX_TOUSER) {
      await ctx.send(ids.slice(i, i + WECOM_MAX_TOUSER), { card }, { manager: m, dedupeKey: `survey:${s.id}:${i / WECOM_MAX_TOUSER}` });
    }
    return s;
  });
  ctx.log.info({ surveyId: survey.id, template: t.code, invited: survey.invited }, 'survey launched');
  const groups = audience.groups.map((g) => `${g.name} ${g.invited}人`).join('、');
  await ctx.reply(
    `已发起匿名调查“${survey.title}”（${SCALE_LABEL[survey.scale]}）：发给${survey.audienceName} ${survey.invited} 人，截止 ${localDateTime(survey.closesAt, tz)}。\n` +
      `分组：${groups}（不足5人的部门并入“其他”）。\n结束后发送“调查 结果 ${t.name}”查看，每组至少5人作答才显示。`,
  );
}

function cardInput(s: Survey, tz: string): SurveyCardInput {
  return { surveyId: s.id, taskId: s.taskId, question: s.question, scale: s.scale, subtitle: `${s.title.split(' ')[0]} · 截止 ${localDateTime(s.closesAt, tz)}` };
}

async function close(ctx: CommandContext, t: SurveyTemplate): Promise<void> {
  const now = ctx.clock();
  const round = await openRound(ctx.ds, t.code, now);
  if (!round) throw new UserError(`“${t.name}”没有进行中的调查。发送“调查 结果 ${t.name}”查看已结束的结果。`);
  await closeRound(ctx.ds, round, ctx.userId, now);
  await ctx.reply(`已结束“${round.title}”。`);
  await results(ctx, [t], null, round.id);
}

/** The latest closed round per template (what this reader may see of it) and the trend across rounds. */
async function results(ctx: BaseContext, templates: SurveyTemplate[], scope: Set<number> | null, onlyRound?: number): Promise<void> {
  const now = ctx.clock();
  const tz = ctx.services.config.timezone;
  const blocks: string[] = [];
  for (const t of templates) {
    const rounds = await loadRounds(ctx.ds, await closedRounds(ctx.ds, now, { templateCode: t.code }));
    const running = await openRound(ctx.ds, t.code, now);
    const block: string[] = [];
    // The latest round this reader may see something of.
    const latest = onlyRound ? rounds.find((r) => r.survey.id === onlyRound) : [...rounds].reverse().find((r) => viewFor(r, scope) !== null);
    const view = latest ? viewFor(latest, scope) : null;
    if (latest && view) {
      block.push(roundText(view, latest.answered));
      const sameScale = rounds.filter((r) => r.survey.scale === latest.survey.scale);
      const trends = view.showTotal
        ? [trendText(sameScale, (r) => (r.survey.audienceDepartmentId === latest.survey.audienceDepartmentId ? r.result.total : null), latest.survey.audienceName, tz)]
        : [...(view.groupKeys as Set<string>)].map((key) => trendText(sameScale, (r) => groupIn(r, key), nameOf(latest, key), tz));
      for (const line of trends) if (line) block.push(line);
    }
    // Participation is no secret (and no figure moves with an answer): every reader sees the progress.
    if (running) block.push(progressText(running, await answeredCount(ctx.ds, running.id), tz, t.name));
    if (block.length === 0) block.push(`**${t.name}**：${scope === null ? '还没有已结束的调查。' : '还没有您所辖部门的调查结果。'}`);
    blocks.push(block.join('\n'));
  }
  blocks.push(`> 每组至少${MIN_GROUP}人作答才显示结果；回答匿名，看不到任何个人的选择。`);
  await ctx.reply({ markdown: blocks.join('\n\n') });
}

function groupIn(r: LoadedRound, key: string): GroupResult | null {
  const g = r.result.groups.find((x) => x.key === key);
  if (g) return g;
  return r.result.groups.length === 0 && r.groups.length === 1 && r.groups[0].groupKey === key ? r.result.total : null;
}

function nameOf(r: LoadedRound, key: string): string {
  return r.groups.find((g) => g.groupKey === key)?.name ?? key;
}

/** HR sees everything; a manager the round when it went to a department they lead, else the groups in their departments. */
function viewFor(round: LoadedRound, scope: Set<number> | null): RoundView | null {
  if (scope === null) return { round, showTotal: true, groupKeys: 'all' };
  const s = round.survey;
  if (s.audienceDepartmentId !== null && scope.has(s.audienceDepartmentId)) return { round, showTotal: true, groupKeys: 'all' };
  const keys = new Set(round.groups.map((g) => g.groupKey).filter((k) => /^\d+$/.test(k) && scope.has(Number(k))));
  if (keys.size === 0) return null;
  if (round.result.groups.length === 0) return { round, showTotal: true, groupKeys: 'all' };
  return { round, showTotal: false, groupKeys: keys };
}

async function onAnswer(ctx: ButtonContext): Promise<void> {
  const surveyId = parseSurveyAnswer(ctx.args);
  const survey = surveyId ? await ctx.ds.getRepository(Survey).findOneBy({ id: surveyId }) : null;
  if (!survey) {
    await ctx.ds.transaction((m) => redactSurveyTap(m, ctx.message));
    throw new UserError('这份调查已不存在，无需回答。');
  }
  const tz = ctx.services.config.timezone;
  const items = ctx.message.selectedItems;
  // Defensive: the question key should be ours; a lone answered question is taken as ours too.
  const item = items.find((i) => i.questionKey === surveyQuestionKey(survey.id)) ?? (items.length === 1 ? items[0] : undefined);
  const option = item && item.optionIds.length === 1 ? optionById(survey.scale, item.optionIds[0]) : null;
  const now = ctx.clock();
  const input = cardInput(survey, tz);
  const outcome = await ctx.ds.transaction(async (m) => {
    await redactSurveyTap(m, ctx.message);
    if (!option) return 'no_choice' as const;
    const result = await recordAnswer(m, survey, ctx.userId, option.value, now);
    const note = result === 'recorded' ? '已匿名提交，感谢参与' : result === 'already' ? '您已参与过本轮调查' : result === 'closed' ? '本轮调查已结束' : '';
    if (note) await ctx.updateCard(buildSurveyAnsweredCard(input, note), { manager: m });
    return result;
  });
  // Logged without the choice: the line carries the member's id.
  ctx.log.info({ surveyId: survey.id, outcome }, 'survey tap');
  switch (outcome) {
    case 'no_choice':
      return ctx.reply('请先在卡片上选择一项，再点“匿名提交”。');
    case 'recorded':
      return ctx.reply(`已匿名提交，感谢参与！您的选择不与您的账号一起保存；本轮结束后，HR 和主管只能看到每组至少${MIN_GROUP}人的汇总结果。`);
    case 'already':
      return ctx.reply('您已参与过本轮调查，每人只能回答一次。回答是匿名保存的，因此无法查看或修改。');
    case 'closed':
      return ctx.reply(`本轮调查已于 ${localDateTime(survey.closedAt ?? survey.closesAt, tz)} 结束，感谢关注。`);
    case 'not_invited':
      return ctx.reply('这份调查没有发给您，无需回答。');
  }
}
