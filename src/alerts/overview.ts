/**
 * What 预警 shows: the open alerts of the people the asker may see, each rule with its back-test
 * evidence on the year to last week (computed now, from the records), and the recovery rates per action.
 */
import { In, type DataSource } from 'typeorm';
import { formatValue } from '../../cards/alert-card';
import { parsePeriod, periodOf, previousPeriod, recentWeeks } from '../domain/periods';
import { packMarkdown } from '../chat/text';
import { Employee } from '../entities';
import { AlertRule } from './alert-rule.entity';
import { Alert } from './alert.entity';
import { HISTORY_WEEKS } from './alerts-job';
import { backtest, describeRate, type Evidence } from './backtest';
import { loadHistoryInputs, ruleHistory } from './history-data';
import { describeRecovery, recoveryRates } from './recovery';
import { AUDIENCE_LABEL, describeRule } from './types';

const MAX_MARKDOWN_BYTES = 2000;

export interface RuleEvidence {
  rule: AlertRule;
  metricName: string;
  evidence: Evidence;
}

export async function rulesWithEvidence(ds: DataSource, tz: string, now: Date, rules?: AlertRule[]): Promise<RuleEvidence[]> {
  const list = rules ?? (await ds.getRepository(AlertRule).find({ order: { id: 'ASC' } }));
  const lastWeek = previousPeriod(periodOf('week', now, tz), tz);
  const weeks = recentWeeks(lastWeek.start, HISTORY_WEEKS, tz);
  const data = await loadHistoryInputs(ds, list, weeks, tz);
  return list.map((rule) => ({
    rule,
    metricName: data.metrics.get(rule.metricCode)?.name ?? rule.metricCode,
    evidence: backtest(rule, ruleHistory(data, rule, weeks, tz, now).people),
  }));
}

export function describeRuleEvidence(r: RuleEvidence): string {
  const e = r.evidence;
  const head = `#${r.rule.id} ${describeRule(r.rule, r.metricName)}（通知${AUDIENCE_LABEL[r.rule.audience]}${r.rule.active ? '' : '，已停用'}）`;
  const verdict = e.proven ? `已证实，提升 ${e.lift === null ? '—' : `${e.lift.toFixed(1)} 倍`}` : '尚未证实';
  return `${head}\n> 触发后当月未达标 ${describeRate(e.fired)}；未触发时 ${describeRate(e.quiet)}；${verdict}`;
}

/** Lines packed into markdown messages of at most MAX_MARKDOWN_BYTES (WeCom truncates beyond 2,048). */
export function packMessages(header: string, lines: readonly string[]): string[] {
  return packMarkdown(header, lines, MAX_MARKDOWN_BYTES);
}

/**
 * The markdown messages 预警 replies with; `userIds` null = everyone (HR). First the open alerts
 * (as many as fit, the rest counted) with the recovery rates, then the active rules' evidence.
 */
export async function alertOverview(ds: DataSource, userIds: string[] | null, tz: string, now: Date): Promise<string[]> {
  const where = userIds ? { status: 'open' as const, userId: In(userIds) } : { status: 'open' as const };
  const open = userIds && userIds.length === 0 ? [] : await ds.getRepository(Alert).find({ where, order: { id: 'ASC' } });
  const rules = await ds.getRepository(AlertRule).find({ where: { active: true }, order: { id: 'ASC' } });
  const evidence = await rulesWithEvidence(ds, tz, now, rules);
  const names = new Map((open.length ? await ds.getRepository(Employee).findBy({ userId: In(open.map((a) => a.userId)) }) : []).map((e) => [e.userId, e.name]));
  const byRule = new Map(evidence.map((r) => [r.rule.id, r]));
  const alertLines = open.map((a) => {
    const r = byRule.get(a.ruleId);
    const last = a.weekValues[a.weekValues.length - 1];
    return `- ${names.get(a.userId) ?? a.userId}：${r ? describeRule(r.rule, r.metricName) : `规则 #${a.ruleId}`}，基线 ${formatValue(a.baseline)}，${last?.week ?? ''} 为 ${last?.value === null || last === undefined ? '无数据' : formatValue(last.value)}；${a.action ? '已处理' : '未处理'}`;
  });
  const scoped = userIds ? { userId: In(userIds) } : {};
  const all = userIds && userIds.length === 0 ? [] : await ds.getRepository(Alert).find({ where: scoped });
  const rates = recoveryRates(
    all.map((a) => ({
      action: a.action,
      firedWeekStart: parsePeriod(a.firedWeekKey, tz).start,
      closedWeekStart: a.closedWeekKey ? parsePeriod(a.closedWeekKey, tz).start : null,
    })),
    periodOf('week', now, tz).start,
  );
  const tail = ['', '**处理效果**', ...(rates.length ? describeRecovery(rates) : ['还没有可评估的预警（触发满 4 周或已恢复后才计入）。'])];
  let first = '';
  for (let listed = alertLines.length; listed >= 0; listed--) {
    const head = [`**预警（${open.length} 条进行中）**`, ...alertLines.slice(0, listed)];
    if (open.length === 0) head.push('目前没有进行中的预警。');
    if (listed < alertLines.length) head.push(`- ……另有 ${alertLines.length - listed} 条`);
    first = [...head, ...tail].join('\n');
    if (Buffer.byteLength(first) <= MAX_MARKDOWN_BYTES) break;
  }
  return [first, ...packMessages('**规则与历史证据**（近一年，启用中的规则）', evidence.map(compactEvidence))];
}

/** '#1 工单完成数 连续 2 周低于基线 15%：触发后未达标 70%（40）／未触发 20%（400），已证实' */
function compactEvidence(r: RuleEvidence): string {
  const e = r.evidence;
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
  return `#${r.rule.id} ${describeRule(r.rule, r.metricName)}：触发后未达标 ${pct(e.fired.rate)}（${e.fired.n}）／未触发 ${pct(e.quiet.rate)}（${e.quiet.n}），${e.proven ? '已证实' : '尚未证实'}`;
}
