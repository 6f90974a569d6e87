/**
 * 预警规则 as HR types it: `新增 工单完成数 低于 15% 连续 2 周 [通知本人]`, `修改 3 高于 30% 连续 2 周`,
 * `停用 3`, `启用 3`. Parsing is pure; saving writes the audit entry in the same transaction.
 */
import type { DataSource } from 'typeorm';
import { writeAudit } from '../audit';
import { MetricDefinition } from '../entities';
import { UserError } from '../wecom/errors';
import { AlertRule } from './alert-rule.entity';
import type { AlertAudience, RuleDirection } from './types';

export const RULE_USAGE = [
  '设置预警规则（HR）：',
  '预警规则 —— 查看全部规则',
  '预警规则 新增 工单完成数 低于 15% 连续 2 周 [通知本人]',
  '预警规则 修改 3 低于 20% 连续 3 周 [通知本人|仅上级]',
  '预警规则 停用 3 / 预警规则 启用 3',
].join('\n');

export interface RuleTerms {
  direction: RuleDirection;
  thresholdPct: number;
  weeks: number;
  audience?: AlertAudience;
}

export type RuleCommand =
  | { kind: 'list' }
  | { kind: 'add'; metric: string; terms: RuleTerms }
  | { kind: 'edit'; id: number; terms: RuleTerms }
  | { kind: 'toggle'; id: number; active: boolean };

const TERMS = /^(低于|高于)\s*(\d+(?:\.\d+)?)\s*[%％]\s*连续\s*(\d+)\s*周(?:\s*(通知本人|仅上级))?$/;

export function parseTerms(text: string): RuleTerms {
  const m = TERMS.exec(text.trim());
  if (!m) throw new UserError(`没看懂规则条件“${text.trim()}”。\n${RULE_USAGE}`);
  const thresholdPct = Number(m[2]);
  const weeks = Number(m[3]);
  if (thresholdPct <= 0 || (m[1] === '低于' && thresholdPct >= 100) || thresholdPct > 1000) throw new UserError('幅度应大于 0%（“低于”时小于 100%）。');
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 8) throw new UserError('连续周数应为 1–8 之间的整数。');
  const audience = m[4] === '通知本人' ? 'supervisor_employee' : m[4] === '仅上级' ? 'supervisor' : undefined;
  return { direction: m[1] === '低于' ? 'below' : 'above', thresholdPct, weeks, ...(audience ? { audience } : {}) };
}

export function parseRuleCommand(rest: string): RuleCommand {
  const text = rest.trim();
  if (!text) return { kind: 'list' };
  let m = /^新增\s+(\S+)\s+([\s\S]+)$/.exec(text);
  if (m) return { kind: 'add', metric: m[1], terms: parseTerms(m[2]) };
  m = /^修改\s+#?(\d+)\s+([\s\S]+)$/.exec(text);
  if (m) return { kind: 'edit', id: Number(m[1]), terms: parseTerms(m[2]) };
  m = /^(停用|启用)\s+#?(\d+)$/.exec(text);
  if (m) return { kind: 'toggle', id: Number(m[2]), active: m[1] === '启用' };
  throw new UserError(RULE_USAGE);
}

const snapshot = (r: AlertRule) => ({ metricCode: r.metricCode, direction: r.direction, thresholdPct: r.thresholdPct, weeks: r.weeks, audience: r.audience, active: r.active });

/** Applies a parsed change, audited as `actor` ('user:<userid>' from chat, 'cli' from the shell); returns the rule as saved. */
export async function applyRuleCommand(ds: DataSource, cmd: Exclude<RuleCommand, { kind: 'list' }>, actor: string, now: Date): Promise<AlertRule> {
  return ds.transaction(async (m) => {
    const repo = m.getRepository(AlertRule);
    let before: AlertRule | null = null;
    let rule: AlertRule;
    if (cmd.kind === 'add') {
      const metrics = await m.getRepository(MetricDefinition).find();
      const metric = metrics.find((d) => d.code === cmd.metric || d.name === cmd.metric);
      if (!metric) throw new UserError(`没有找到指标“${cmd.metric}”。请写指标名称（如 工单完成数）或代码（如 work_orders_completed）。`);
      rule = repo.create({ metricCode: metric.code, outcomeMetricCode: null, audience: 'supervisor', active: true, ...cmd.terms, updatedAt: now });
    } else {
      const found = await repo.findOneBy({ id: cmd.id });
      if (!found) throw new UserError(`没有编号为 ${cmd.id} 的预警规则。发送“预警规则”查看全部。`);
      before = { ...found };
      rule = cmd.kind === 'edit' ? Object.assign(found, cmd.terms, { updatedAt: now }) : Object.assign(found, { active: cmd.active, updatedAt: now });
    }
    rule = await repo.save(rule);
    await writeAudit(
      m,
      {
        actor, action: `alert_rule.${cmd.kind === 'toggle' ? (cmd.active ? 'enable' : 'disable') : cmd.kind}`, entity: 'alert_rule',
        entityId: rule.id, before: before ? snapshot(before) : null, after: snapshot(rule), reason: '预警规则',
      },
      now,
    );
    return rule;
  });
}
