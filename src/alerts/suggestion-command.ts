/**
 * 预警建议 (HR): the catalogue of suggested actions on alert cards. `预警建议` lists it,
 * `预警建议 新增 培训|沟通 [指标] 内容`, `预警建议 停用 3`. Every change is audited.
 */
import type { DataSource } from 'typeorm';
import { writeAudit } from '../audit';
import { MetricDefinition } from '../entities';
import { UserError } from '../wecom/errors';
import { AlertSuggestion } from './alert-suggestion.entity';

export const SUGGESTION_USAGE = '维护预警建议（HR）：\n预警建议 —— 查看\n预警建议 新增 培训 岗位技能复训\n预警建议 新增 沟通 工单完成数 了解排产与物料情况（只用于该指标）\n预警建议 停用 3';
const KIND = { 培训: 'course', 沟通: 'talk' } as const;
const KIND_LABEL = { course: '培训', talk: '沟通' } as const;

export async function listSuggestions(ds: DataSource): Promise<string> {
  const rows = await ds.getRepository(AlertSuggestion).find({ order: { id: 'ASC' } });
  const lines = rows.map((r) => `#${r.id} ${KIND_LABEL[r.kind]}${r.metricCode ? `（${r.metricCode}）` : ''}：${r.text}${r.active ? '' : '（已停用）'}`);
  return `**预警建议**（带教人由系统从同岗位表现最好的同事中推荐）\n${lines.join('\n') || '还没有建议。'}\n\n${SUGGESTION_USAGE}`;
}

export async function applySuggestionCommand(ds: DataSource, rest: string, actorId: string, now: Date): Promise<string> {
  let m = /^新增\s+(培训|沟通)\s+([\s\S]+)$/.exec(rest.trim());
  if (m) {
    const kind = KIND[m[1] as keyof typeof KIND];
    let text = m[2].trim();
    const [first] = text.split(/\s+/, 1);
    const metric = (await ds.getRepository(MetricDefinition).find()).find((d) => d.name === first || d.code === first);
    if (metric && text.length > first.length) text = text.slice(first.length).trim();
    if ([...text].length > 100) throw new UserError('建议内容最多 100 字。');
    return ds.transaction(async (t) => {
      const saved = await t.getRepository(AlertSuggestion).save({ kind, metricCode: metric?.code ?? null, text, active: true });
      await writeAudit(t, { actor: `user:${actorId}`, action: 'alert_suggestion.add', entity: 'alert_suggestion', entityId: saved.id, after: { kind, metricCode: saved.metricCode, text }, reason: '预警建议' }, now);
      return `已新增预警建议 #${saved.id}：${m![1]}${metric ? `（${metric.name}）` : ''}：${text}`;
    });
  }
  m = /^停用\s+#?(\d+)$/.exec(rest.trim());
  if (m) {
    const id = Number(m[1]);
    return ds.transaction(async (t) => {
      const row = await t.getRepository(AlertSuggestion).findOneBy({ id });
      if (!row) throw new UserError(`没有编号为 ${id} 的预警建议。`);
      await t.update(AlertSuggestion, { id }, { active: false });
      await writeAudit(t, { actor: `user:${actorId}`, action: 'alert_suggestion.disable', entity: 'alert_suggestion', entityId: id, before: { active: row.active }, after: { active: false }, reason: '预警建议' }, now);
      return `已停用预警建议 #${id}：${row.text}`;
    });
  }
  throw new UserError(SUGGESTION_USAGE);
}
