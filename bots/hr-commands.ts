/**
 * HR and manager commands: 查询 (a scorecard with every line), 排行 (a department's ranking),
 * 完成率 (process-record completeness), 待办 (what waits on me) and 导出 (an .xlsx of a period).
 * Members see their own scorecard; managers their reports and departments; HR everything.
 */
import { randomBytes } from 'node:crypto';
import { buildCompletenessMarkdown } from '../cards/completeness-card';
import { buildRankingCard, rankByTotal } from '../cards/ranking-card';
import { h5PageLink, scorecardPageLink } from '../src/http/h5-auth';
import { H5_RANKING_PATH } from '../src/http/ranking';
import { buildScorecardDetailCard } from '../cards/scorecard-detail-card';
import { buildTodoCard, TODO_KEY_PREFIX, todoTaskId, todoTotal } from '../cards/todo-card';
import type { BaseContext, CommandContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { formatLocal, periodOf, recentWeeks } from '../src/domain/periods';
import { Department } from '../src/entities';
import { hasRole, isManagerOf, managerView } from '../src/repositories/access';
import {
  departmentNames, managedDepartmentIds, requireDepartment, requirePerson,
} from '../src/repositories/chat-lookup';
import { splitPeople } from '../src/chat/people';
import { assertStarted, PERIOD_EXAMPLES, takePeriod } from '../src/chat/periods';
import { computeCompleteness } from '../src/repositories/completeness';
import { computeEmployeeScorecard, computeScorecards, periodMemberIds } from '../src/repositories/scorecards';
import { loadTodo } from '../src/repositories/todo';
import { UserError } from '../src/wecom/errors';
import { exportBot } from './hr-export';
import { weightsBot } from './hr-weights';
import { sendReviewList } from './reviews';

const QUERY_USAGE = `用法：查询 [姓名] [周期]\n例如：查询 本月（查自己）、查询 赵磊 上周、查询 @赵磊 11月\n周期：${PERIOD_EXAMPLES}`;
const RANKING_USAGE = '用法：排行 [部门] [周期]\n例如：排行 生产部 本月、排行 质量部 上周';
const COMPLETENESS_WEEKS = 4;

export function hrCommandsBot(bot: Bot): void {
  bot.command(/^查询\s*([\s\S]*)$/, query, { name: '查询', usage: '查询 [姓名] [周期]', description: '查看绩效卡的每一项（默认本月、本人）' });
  bot.command(/^排行(?!榜)\s*([\s\S]*)$/, ranking, { name: '排行', usage: '排行 [部门] [周期]', description: '部门绩效排行（HR、部门主管）' });
  bot.command(/^完成率$/, completeness, { name: '完成率', usage: '完成率', description: `近 ${COMPLETENESS_WEEKS} 周各部门过程记录完成率（HR、主管）` });
  bot.command(/^待办$/, todo, { name: '待办', usage: '待办', description: '待我评价、审批的事项' });
  bot.button(TODO_KEY_PREFIX, async (ctx) => {
    if (ctx.args[0] === 'review') {
      await ctx.replaceButton('已打开评价');
      return sendReviewList(ctx);
    }
    await ctx.updateCard(buildTodoCard({ ...(await todoView(ctx)), taskId: ctx.taskId }));
  });
  exportBot(bot);
  weightsBot(bot);
}

async function query(ctx: CommandContext): Promise<void> {
  const tz = ctx.services.config.timezone;
  const { period: named, rest } = takePeriod(ctx.match[1].split(/\s+/).filter(Boolean), ctx.clock(), tz, 'any');
  const people = splitPeople(rest.join(' '));
  if (people.names.length > 1 || people.rest) throw new UserError(`没有看懂“${people.rest || rest.join(' ')}”。${QUERY_USAGE}`);
  const period = named ?? periodOf('month', ctx.clock(), tz);
  assertStarted(period, ctx.clock(), '查询');
  const who = people.names[0]?.text;
  const target = who ? await requirePerson(ctx.ds, who, (id) => `查询 @${id} ${period.key}`) : ctx.employee!;
  if (target.userId !== ctx.userId && !(await isManagerOf(ctx.ds, ctx.userId, target.userId)) && !(await isHr(ctx))) {
    throw new UserError(`您只能查询自己和下属的绩效，无权查看${target.name}的绩效。`);
  }
  const view = await computeEmployeeScorecard(ctx.ds, target.userId, period, tz, ctx.clock());
  if (!view) throw new UserError(`没有找到${target.name}的绩效数据。`);
  const { card, overflow } = buildScorecardDetailCard(view, scorecardPageLink(ctx.services.config, ctx.userId, target.userId, period.key, ctx.clock()));
  await ctx.reply({ card });
  if (overflow) await ctx.reply({ markdown: overflow });
}

async function ranking(ctx: CommandContext): Promise<void> {
  const tz = ctx.services.config.timezone;
  const { period: named, rest } = takePeriod(ctx.match[1].split(/\s+/).filter(Boolean), ctx.clock(), tz, 'any');
  if (rest.length > 1) throw new UserError(RANKING_USAGE);
  const deptName = rest[0];
  const period = named ?? periodOf('month', ctx.clock(), tz);
  assertStarted(period, ctx.clock(), '查看排行');
  const hr = await isHr(ctx);
  const scope = hr ? null : await managerView(ctx.ds, ctx.userId); // a manager ranks the people they lead, never above or beside
  const managed = scope?.departmentIds ?? [];
  if (!hr && managed.length === 0) throw new UserError('排行仅限 HR 和部门主管查看。');
  const own = ctx.employee!.mainDepartmentId;
  if (!deptName && (hr || own === null || !managed.includes(own))) {
    const names = [...(await departmentNames(ctx.ds)).values()].join('、');
    throw new UserError(`请写明部门。${RANKING_USAGE}\n现有部门：${names}`);
  }
  const department = deptName ? await requireDepartment(ctx.ds, deptName) : await ctx.ds.getRepository(Department).findOneByOrFail({ id: own! });
  if (!hr && !managed.includes(department.id)) throw new UserError(`您只能查看自己负责的部门的排行，无权查看${department.name}。`);
  const ids = (await periodMemberIds(ctx.ds, period, [department.id])).filter((id) => !scope || scope.userIds.has(id));
  if (ids.length === 0) throw new UserError(`${department.name}目前没有在职员工。`);
  const views = [...(await computeScorecards(ctx.ds, ids, period, tz, ctx.clock())).values()];
  const ranked = rankByTotal(views.map((v) => ({ userId: v.userId, name: v.employee.name, total: v.total, display: v.totalDisplay })));
  const link = h5PageLink(ctx.services.config, ctx.userId, H5_RANKING_PATH, { department: String(department.id), period: period.key }, ctx.clock());
  await ctx.reply({ card: buildRankingCard({ department: department.name, periodLabel: period.label, ranked, askerId: ctx.userId, link }) });
}

async function completeness(ctx: CommandContext): Promise<void> {
  const tz = ctx.services.config.timezone;
  const hr = await isHr(ctx);
  const scope = hr ? null : await managerView(ctx.ds, ctx.userId);
  if (scope !== null && scope.departmentIds.length === 0) throw new UserError('完成率仅限 HR 和主管查看。');
  const weeks = recentWeeks(ctx.clock(), COMPLETENESS_WEEKS, tz);
  const rows = await computeCompleteness(ctx.ds, scope?.departmentIds ?? null, weeks, scope?.userIds);
  const labels = weeks.map((w) => ({ label: `W${w.key.slice(-2)}（${formatLocal(w.start, tz).slice(5, 10)}起）` }));
  await ctx.reply({ markdown: buildCompletenessMarkdown({ weeks: labels, rows, withTotal: hr }) });
}

async function todo(ctx: CommandContext): Promise<void> {
  const view = await todoView(ctx);
  if (todoTotal(view.items) === 0) {
    await ctx.reply('目前没有需要您处理的事项。');
    return;
  }
  await ctx.reply({ card: buildTodoCard({ ...view, taskId: todoTaskId(ctx.userId, ctx.clock(), randomBytes(3).toString('hex')) }) });
}

async function todoView(ctx: BaseContext) {
  const tz = ctx.services.config.timezone;
  const month = periodOf('month', ctx.clock(), tz);
  const items = await loadTodo(ctx.ds, ctx.userId, { isHr: await isHr(ctx), appealsToHr: ctx.services.config.appealsToHr, monthKey: month.key });
  return { items, monthLabel: month.label, timeZone: tz };
}

export function isHr(ctx: BaseContext): Promise<boolean> {
  return hasRole(ctx.ds, ctx.userId, 'hr', ctx.services.config.hrUserIds);
}
