/**
 * 权重 <部门> <自动/评价/协作> [从 <日期>] (HR only): sets a department's component weights from a
 * date (default: the first day of next month), validated and audited. 权重 <部门> shows the
 * weights in force and any scheduled change. Installed by hrCommandsBot.
 */
import type { CommandContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { formatLocal, parsePeriod, periodOf } from '../src/domain/periods';
import { DEFAULT_WEIGHTS } from '../src/domain/scoring/weights';
import { DepartmentWeights } from '../src/entities';
import { hasRole } from '../src/repositories/access';
import { requireDepartment } from '../src/repositories/chat-lookup';
import { parseWeightsText, setDepartmentWeights } from '../src/repositories/department-weights';
import { UserError, ValidationError } from '../src/wecom/errors';

const USAGE = '用法：权重 部门 自动数据/主管评价/跨部门协作 [从 生效日期]\n例如：权重 生产部 70/20/10 从2026-12-01（不写日期则从下月 1 日起生效）\n查看：权重 生产部';

export function weightsBot(bot: Bot): void {
  bot.command(/^权重(?=$|\s)\s*([\s\S]*)$/, weights, { name: '权重', usage: '权重 部门 70/20/10 [从 2026-12-01]', description: '查看或设置部门的评分权重（仅 HR）' });
}

const pct = (w: { automatic: number; review: number; collaboration: number }): string => {
  const sum = w.automatic + w.review + w.collaboration;
  const p = (x: number) => `${Math.round((1000 * x) / sum) / 10}%`;
  return `自动数据 ${p(w.automatic)}、主管评价 ${p(w.review)}、跨部门协作 ${p(w.collaboration)}`;
};

async function weights(ctx: CommandContext): Promise<void> {
  if (!(await hasRole(ctx.ds, ctx.userId, 'hr', ctx.services.config.hrUserIds))) throw new UserError('设置部门权重仅限 HR 使用。');
  const m = /^(\S+)(?:\s+(\S+?))?(?:\s*(?:从|自)\s*(\S+?)(?:起|开始)?(?:生效)?)?$/.exec(ctx.match[1].trim().normalize('NFKC'));
  if (!m) throw new UserError(USAGE);
  const [, deptName, weightsText, dateText] = m;
  const department = await requireDepartment(ctx.ds, deptName);
  const tz = ctx.services.config.timezone;
  const today = formatLocal(ctx.clock(), tz).slice(0, 10);

  if (!weightsText) {
    const rows = await ctx.ds.getRepository(DepartmentWeights).find({ where: { departmentId: department.id }, order: { effectiveFrom: 'ASC' } });
    const current = rows.filter((r) => r.effectiveFrom <= today).pop();
    const future = rows.filter((r) => r.effectiveFrom > today).map((r) => `自 ${r.effectiveFrom} 起：${pct(r)}`);
    await ctx.reply([`${department.name}当前权重：${pct(current ?? DEFAULT_WEIGHTS)}${current ? '' : '（默认）'}`, ...future].join('\n'));
    return;
  }
  let parsed;
  try {
    parsed = parseWeightsText(weightsText);
  } catch (err) {
    if (err instanceof ValidationError) throw new UserError(`${err.message}\n${USAGE}`);
    throw err;
  }
  const effectiveFrom = dateText ? normaliseDate(dateText) : formatLocal(periodOf('month', ctx.clock(), tz).end, tz).slice(0, 10);
  if (!effectiveFrom) throw new UserError(`无法识别的生效日期“${dateText}”，请写成 2026-12-01。\n${USAGE}`);
  if (effectiveFrom < today) {
    throw new UserError(`生效日期 ${effectiveFrom} 早于今天：已经发出的绩效不能被悄悄改动。请从今天或以后的日期生效。`);
  }
  const result = await setDepartmentWeights(ctx.ds, { departmentId: department.id, weights: parsed, effectiveFrom, actor: `user:${ctx.userId}`, reason: `HR 在聊天中设置：${ctx.match[0]}` }, ctx.clock());
  if (!result.changed) {
    await ctx.reply(`${department.name}自 ${effectiveFrom} 起的权重已经是 ${pct(parsed)}，无需修改。`);
    return;
  }
  const firstPeriod = parsePeriod(effectiveFrom.slice(0, 7), tz).label;
  await ctx.reply(
    `已设置${department.name}的评分权重，自 ${effectiveFrom} 起生效：${pct(parsed)}。\n` +
      `此前：${pct(result.before ?? DEFAULT_WEIGHTS)}${result.before ? '' : '（默认）'}。各周期按其第一天生效的权重计分（如${firstPeriod}）；已记入审计日志。`,
  );
}

/** 2026-12-01, 2026/12/1, 2026年12月1日 → '2026-12-01'; null otherwise. */
function normaliseDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
