/**
 * Alert rules from Excel or CSV (`perfbot alerts import`), and back out (`perfbot alerts export`),
 * so HR can edit the whole set in a sheet. Same columns both ways; all rows or none; every rule
 * created or changed is audited like an edit by chat. A row with 编号 updates that rule; a row
 * without one updates the rule with the same metric, direction, threshold and weeks, else adds one.
 */
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { writeAudit } from '../audit';
import { MetricDefinition } from '../entities';
import { formatImportError } from '../import/format-result';
import { ImportFailure } from '../import/import-failure';
import { mapRows } from '../import/map-rows';
import { readSheet } from '../import/read-sheet';
import { sortErrors } from '../import/run-plan';
import type { ColumnSpec, ImportError } from '../import/types';
import { AlertRule } from './alert-rule.entity';
import { AUDIENCE_LABEL, DIRECTION_LABEL } from './types';

export const RULE_COLUMNS: ColumnSpec[] = [
  { field: 'id', header: '编号', aliases: ['规则编号', 'id'], type: 'number', min: 1, help: '已有规则的编号（导出的表里有）；空 = 按指标、方向、幅度、周数匹配，匹配不到则新增' },
  { field: 'metric', header: '指标', aliases: ['指标名称', '指标代码'], required: true, type: 'text', maxLength: 100, help: '指标名称（如 工单完成数）或代码（如 work_orders_completed）' },
  { field: 'direction', header: '方向', required: true, type: 'enum', options: { 低于: 'below', 高于: 'above', 下降: 'below', 上升: 'above' }, help: '低于：越高越好的指标下降；高于：越低越好的指标上升' },
  { field: 'thresholdPct', header: '幅度%', aliases: ['幅度', '阈值', '阈值%'], required: true, type: 'number', min: 0, max: 1000, help: '相对基线的幅度，如 15 表示低于基线 15%' },
  { field: 'weeks', header: '连续周数', aliases: ['周数'], required: true, type: 'number', min: 1, max: 8, help: '连续几周越过阈值才触发，1–8' },
  { field: 'audience', header: '通知对象', type: 'enum', options: { 上级: 'supervisor', 仅上级: 'supervisor', 上级和本人: 'supervisor_employee', 通知本人: 'supervisor_employee' }, help: '上级（默认）或 上级和本人' },
  { field: 'outcome', header: '结果指标', type: 'text', maxLength: 100, help: '回测看哪个指标的当月是否达标；空 = 规则指标本身' },
  { field: 'active', header: '启用', type: 'bool', help: '是 / 否；空 = 是' },
];

export interface RuleImportResult {
  ok: boolean;
  errors: ImportError[];
  inserted: number;
  updated: number;
  unchanged: number;
  dryRun: boolean;
}

type Fields = Pick<AlertRule, 'metricCode' | 'outcomeMetricCode' | 'direction' | 'thresholdPct' | 'weeks' | 'audience' | 'active'>;
const snapshot = (r: Fields): Fields => ({
  metricCode: r.metricCode, outcomeMetricCode: r.outcomeMetricCode, direction: r.direction, thresholdPct: r.thresholdPct, weeks: r.weeks, audience: r.audience, active: r.active,
});
const same = (a: Fields, b: Fields) => JSON.stringify(snapshot(a)) === JSON.stringify(snapshot(b));

/** Reads the sheet, checks every row, then writes all of them in one transaction (none on a dry run or any error). */
export async function importAlertRules(ds: DataSource, buffer: Buffer, filename: string, opts: { actor: string; now: Date; timeZone: string; dryRun?: boolean }): Promise<RuleImportResult> {
  const fail = (errors: ImportError[]): RuleImportResult => ({ ok: false, errors: sortErrors(errors), inserted: 0, updated: 0, unchanged: 0, dryRun: Boolean(opts.dryRun) });
  let sheet;
  try {
    sheet = await readSheet(buffer, filename);
  } catch (err) {
    if (err instanceof ImportFailure) return fail([err.toImportError()]);
    throw err;
  }
  if (sheet.rows.length === 0) return fail([{ row: 0, column: '', message: '文件中没有数据行（第 1 行是表头，数据从第 2 行开始）' }]);
  const mapped = mapRows(RULE_COLUMNS, sheet, opts.timeZone);
  if (mapped.errors.some((e) => e.row === 1)) return fail(mapped.errors);
  return ds.transaction(async (tx) => {
    const errors = [...mapped.errors];
    const metrics = await tx.getRepository(MetricDefinition).find();
    const metricOf = (text: string) => metrics.find((d) => d.code === text || d.name === text);
    const stored = await tx.getRepository(AlertRule).find({ order: { id: 'ASC' } });
    const byId = new Map(stored.map((r) => [r.id, r]));
    const planned: Array<{ before: AlertRule | null; next: Fields }> = [];
    const claimed = new Map<number, number>(); // rule id → sheet row
    const result = { inserted: 0, updated: 0, unchanged: 0 };
    for (const r of mapped.rows) {
      const v = r.values as { id?: number | null; metric: string; direction: 'below' | 'above'; thresholdPct: number; weeks: number; audience?: string | null; outcome?: string | null; active?: boolean | null };
      const err = (column: string, message: string) => errors.push({ row: r.row, column, message });
      const metric = metricOf(v.metric.trim());
      if (!metric) err('指标', `没有找到指标“${v.metric}”，请写指标名称（如 工单完成数）或代码`);
      const outcome = v.outcome ? metricOf(v.outcome.trim()) : null;
      if (v.outcome && !outcome) err('结果指标', `没有找到指标“${v.outcome}”`);
      if (v.thresholdPct <= 0 || (v.direction === 'below' && v.thresholdPct >= 100)) err('幅度%', '幅度应大于 0（方向为“低于”时小于 100）');
      if (!Number.isInteger(v.weeks)) err('连续周数', '连续周数应为 1–8 之间的整数');
      if (v.id !== null && v.id !== undefined && !byId.has(v.id)) err('编号', `没有编号为 ${v.id} 的预警规则；新增规则请把编号留空`);
      if (!metric || errors.some((e) => e.row === r.row)) continue;
      const next: Fields = {
        metricCode: metric.code, outcomeMetricCode: outcome && outcome.code !== metric.code ? outcome.code : null, direction: v.direction, thresholdPct: v.thresholdPct,
        weeks: v.weeks, audience: (v.audience ?? 'supervisor') as Fields['audience'], active: v.active ?? true,
      };
      const before = v.id ? byId.get(v.id)! : (stored.find((s) => s.metricCode === next.metricCode && s.direction === next.direction && s.thresholdPct === next.thresholdPct && s.weeks === next.weeks) ?? null);
      if (before) {
        if (claimed.has(before.id)) {
          err(v.id ? '编号' : '指标', `与第 ${claimed.get(before.id)} 行是同一条规则（#${before.id}）`);
          continue;
        }
        claimed.set(before.id, r.row);
      }
      if (before && same(before, next)) result.unchanged++;
      else {
        result[before ? 'updated' : 'inserted']++;
        planned.push({ before, next });
      }
    }
    if (errors.length > 0) return fail(errors);
    if (!opts.dryRun) {
      for (const { before, next } of planned) {
        const saved = await tx.getRepository(AlertRule).save({ ...(before ? { id: before.id } : {}), ...next, updatedAt: opts.now });
        await writeAudit(
          tx,
          { actor: opts.actor, action: before ? 'alert_rule.edit' : 'alert_rule.add', entity: 'alert_rule', entityId: saved.id, before: before ? snapshot(before) : null, after: snapshot(next), reason: `表格导入：${filename}`.slice(0, 500) },
          opts.now,
        );
      }
    }
    return { ok: true, errors: [], ...result, dryRun: Boolean(opts.dryRun) };
  });
}

export function formatRuleImport(r: RuleImportResult): string {
  if (!r.ok) {
    const lines = r.errors.slice(0, 50).map(formatImportError);
    if (r.errors.length > 50) lines.push(`……另有 ${r.errors.length - 50} 个错误未列出`);
    return `导入失败，未写入任何规则：\n${lines.join('\n')}`;
  }
  const counts = `新增 ${r.inserted} 条，更新 ${r.updated} 条，未变 ${r.unchanged} 条`;
  return r.dryRun ? `校验通过（试运行，未写入）：将${counts}` : `导入成功：${counts}（已写入审计日志）`;
}

/** Every rule as a sheet with the import's columns: edit it in Excel and import it back. */
export async function exportAlertRules(ds: DataSource): Promise<Buffer> {
  const rules = await ds.getRepository(AlertRule).find({ order: { id: 'ASC' } });
  const names = new Map((await ds.getRepository(MetricDefinition).find()).map((d) => [d.code, d.name]));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'perfbot';
  const ws = wb.addWorksheet('预警规则', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = RULE_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.field === 'metric' || c.field === 'outcome' ? 18 : 12 }));
  ws.getRow(1).font = { bold: true };
  RULE_COLUMNS.forEach((c, i) => (ws.getRow(1).getCell(i + 1).note = `${c.required ? '必填' : '选填'}：${c.help}`));
  for (const r of rules) {
    ws.addRow({
      id: r.id, metric: names.get(r.metricCode) ?? r.metricCode, direction: DIRECTION_LABEL[r.direction], thresholdPct: r.thresholdPct, weeks: r.weeks,
      audience: AUDIENCE_LABEL[r.audience], outcome: r.outcomeMetricCode ? (names.get(r.outcomeMetricCode) ?? r.outcomeMetricCode) : '', active: r.active ? '是' : '否',
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
