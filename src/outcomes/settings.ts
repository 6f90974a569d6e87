/**
 * What HR decides for the outcome report: the baseline period (改革前) and the core positions; and
 * HR's mark on a suggestion (采纳). Every change is audited. Used by chat and the CLI alike.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { writeAudit } from '../audit';
import { Suggestion } from '../entities';
import { UserError } from '../wecom/errors';
import { OutcomeSetting } from './outcome-setting.entity';
import { parseRange } from './spans';
import type { OutcomeSpan } from './measures';

export interface OutcomeSettings {
  /** Months 'YYYY-MM' (inclusive), or null when HR has not set one. */
  baseline: { from: string; to: string } | null;
  corePositions: string[];
}

export async function loadSettings(ds: DataSource | EntityManager): Promise<OutcomeSettings> {
  const rows = await ds.getRepository(OutcomeSetting).find();
  const get = (key: string) => rows.find((r) => r.key === key)?.value;
  const baseline = get('baseline') as OutcomeSettings['baseline'] | undefined;
  const core = get('core_positions');
  return { baseline: baseline ?? null, corePositions: Array.isArray(core) ? (core as string[]) : [] };
}

export function baselineSpan(settings: OutcomeSettings, tz: string): OutcomeSpan | null {
  return settings.baseline ? parseRange(`${settings.baseline.from}..${settings.baseline.to}`, tz) : null;
}

async function save(ds: DataSource, key: string, value: unknown, actor: string, now: Date, reason: string): Promise<void> {
  await ds.transaction(async (tx) => {
    const before = await tx.getRepository(OutcomeSetting).findOneBy({ key });
    await tx.getRepository(OutcomeSetting).save({ key, value, updatedBy: actor, updatedAt: now });
    await writeAudit(tx, { actor, action: `outcome_setting.${key}`, entity: 'outcome_settings', entityId: key, before: before ? { value: before.value } : null, after: { value }, reason }, now);
  });
}

/** Sets the baseline from text such as 2024-01..2024-12 or 2024; returns its span. */
export async function setBaseline(ds: DataSource, text: string, tz: string, actor: string, now: Date): Promise<OutcomeSpan> {
  const span = parseRange(text, tz);
  if (span.start >= now) throw new UserError(`基线期 ${span.label} 还没有开始，基线应是改革前已经过去的期间。`);
  const months = span.months.map((m) => m.key).filter((k): k is string => Boolean(k));
  await save(ds, 'baseline', { from: months[0], to: months.at(-1) }, actor, now, `效果验证基线期：${span.label}`);
  return span;
}

/** Sets the core positions from a list such as 研发工程师、工艺工程师. */
export async function setCorePositions(ds: DataSource, text: string, actor: string, now: Date): Promise<string[]> {
  const positions = [...new Set(text.split(/[、,，;；\s]+/).map((s) => s.trim()).filter(Boolean))];
  if (positions.length === 0) throw new UserError('请写出核心岗位名称，如：成效 核心岗位 研发工程师、工艺工程师');
  if (positions.some((p) => p.length > 128)) throw new UserError('岗位名称最长 128 个字符。');
  await save(ds, 'core_positions', positions, actor, now, '效果验证核心岗位');
  return positions;
}

/** HR marks a suggestion adopted (or back to open with adopted = false). */
export async function markSuggestion(ds: DataSource, id: number, adopted: boolean, actor: string, now: Date): Promise<Suggestion> {
  return ds.transaction(async (tx) => {
    const s = await tx.getRepository(Suggestion).findOneBy({ id });
    if (!s) throw new UserError(`没有编号为 ${id} 的建议。发送“成效 建议”查看最近的建议和编号。`);
    const status = adopted ? 'adopted' : 'open';
    if (s.status === status) return s;
    await tx.getRepository(Suggestion).update({ id }, { status });
    await writeAudit(tx, { actor, action: adopted ? 'suggestion.adopt' : 'suggestion.unadopt', entity: 'suggestions', entityId: id, subjectUserId: s.userId, before: { status: s.status }, after: { status }, reason: adopted ? '采纳建议' : '取消采纳' }, now);
    return { ...s, status };
  });
}
