/**
 * Goals (the OKR track) from a sheet: 战略 (a year) → 目标 (a quarter) → 关键结果 (a month). A
 * goal is the same goal when its level, title, period and owner are; 上级目标标题 names a stored
 * goal or a row above it in the file, one level up and covering the row's period.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Employee, Goal } from '../entities';
import type { GoalLevel } from '../entities/goal.entity';
import { findByKeys, findRepeats } from './lookup';
import { auditImport, diff, newCounts, runPlan, sameValues } from './run-plan';
import type { Plan } from './run-plan';
import { checkGoalPeriod, covers, LEVEL_LABEL, PARENT_LEVEL } from './goal-periods';
import type { ColumnSpec, ImportError, KindContext, KindHandler, ParsedRow } from './types';

const columns: ColumnSpec[] = [
  { field: 'level', header: '层级', aliases: ['目标层级', 'level'], required: true, type: 'enum', options: { 战略: 'strategy', 战略目标: 'strategy', strategy: 'strategy', 目标: 'objective', o: 'objective', objective: 'objective', 关键结果: 'key_result', kr: 'key_result', key_result: 'key_result' }, help: '战略（年度）、目标（季度）或 关键结果（月度）' },
  { field: 'title', header: '标题', aliases: ['目标标题', '名称', 'title'], required: true, type: 'text', maxLength: 255, help: '目标的内容，如“11 月良品率提升到 98.5%”' },
  { field: 'owner', header: '负责人工号', aliases: ['负责人', 'owner'], type: 'text', maxLength: 64, help: '负责人的工号；战略可空（表示公司级），目标和关键结果必填' },
  { field: 'parentTitle', header: '上级目标标题', aliases: ['上级目标', '上级', 'parent'], type: 'text', maxLength: 255, help: '上一层级目标的标题：系统中已有的目标，或本表中更靠上的行；战略不填，关键结果必填' },
  { field: 'period', header: '周期', aliases: ['考核周期', 'period'], required: true, type: 'period', help: '战略填年份（2026），目标填季度（2026-Q4），关键结果填月份（2026-11）' },
  { field: 'weight', header: '权重', aliases: ['weight'], type: 'number', min: 0, max: 100, help: '0–100 的数字，空白为 0' },
  { field: 'progress', header: '进度%', aliases: ['进度', '完成进度', 'progress'], type: 'number', min: 0, max: 100, help: '0–100 的数字，空白为 0' },
  { field: 'collaborators', header: '协作人工号', aliases: ['协作人', 'collaborators'], type: 'list', maxLength: 64, help: '负责人以外参与的同事工号，用“、”或“,”分隔；有其他部门的同事即为跨部门协作任务' },
  { field: 'doneAt', header: '完成时间', aliases: ['完成日期', 'done_at'], type: 'datetime', help: '完成的日期（如 2026-11-20）；空白时进度达到 100 即记为导入当天完成' },
];

export const goalsImport: KindHandler = {
  kind: 'goals',
  columns,
  // Three rows rather than one: the sample shows how the levels chain, and validates on its own.
  samples: [
    { level: '战略', title: '成为华东地区客户首选的精密零件供应商', owner: null, parentTitle: null, period: '2026', weight: 100, progress: 0 },
    { level: '目标', title: '四季度生产报废率降低 30%', owner: 'lisi', parentTitle: '成为华东地区客户首选的精密零件供应商', period: '2026-Q4', weight: 50, progress: 20 },
    { level: '关键结果', title: '11 月良品率提升到 98.5%', owner: 'zhangsan', parentTitle: '四季度生产报废率降低 30%', period: '2026-11', weight: 40, progress: 60 },
  ],
  execute: (ds: DataSource, rows: ParsedRow[], ctx: KindContext) => runPlan(ds, 'goals', ctx, (tx) => planGoals(tx, rows, ctx)),
};

interface Item {
  row: number;
  existing: Goal | null;
  fields: Pick<Goal, 'level' | 'title' | 'ownerUserId' | 'periodKey' | 'weight' | 'progress' | 'collaboratorUserIds' | 'doneAt'>;
  /** A stored goal, a row of this file (its id set once written) or null. */
  parent: { id?: number } | null;
  /** Set once written (or at once for a stored goal). */
  id?: number;
}

const keyOf = (g: Pick<Goal, 'level' | 'title' | 'periodKey' | 'ownerUserId'>): string => [g.level, g.title, g.periodKey, g.ownerUserId ?? ''].join('\u0000');

async function planGoals(tx: EntityManager, rows: ParsedRow[], ctx: KindContext): Promise<Plan> {
  const errors: ImportError[] = [];
  const titles = rows.flatMap((r) => [r.values.title as string, (r.values.parentTitle as string | null | undefined) ?? '']).filter(Boolean);
  const storedGoals = await findByKeys(tx, Goal, 'title', titles);
  const storedByKey = new Map(storedGoals.map((g) => [keyOf(g), g]));
  const people = rows.flatMap((r) => [(r.values.owner as string) || '', ...((r.values.collaborators as string[] | null | undefined) ?? [])]).filter(Boolean);
  const owners = new Set((await findByKeys(tx, Employee, 'userId', people)).map((e) => e.userId));
  const items: Item[] = [];

  for (const r of rows) {
    const v = r.values;
    const rowErrors: ImportError[] = [];
    const fail = (column: string, message: string): void => void rowErrors.push({ row: r.row, column, message });
    const level = v.level as GoalLevel;
    const owner = (v.owner as string | null | undefined) || null;
    if (!owner && level !== 'strategy') fail('负责人工号', `${LEVEL_LABEL[level]}必须填写负责人工号`);
    if (owner && !owners.has(owner)) fail('负责人工号', `未知员工：${owner}，请先导入员工或同步通讯录`);
    const period = checkGoalPeriod(level, v.period as string, ctx.timeZone);
    if (!period.ok) fail('周期', period.message);
    const key = { level, title: v.title as string, periodKey: period.ok ? period.key : '', ownerUserId: owner };
    const existing = storedByKey.get(keyOf(key)) ?? null;
    // Without the column an update keeps its parent; a new goal is checked as if the cell were empty.
    const parent =
      v.parentTitle === undefined && existing
        ? existing.parentId === null ? null : { id: existing.parentId }
        : period.ok ? findParent(level, period.key, (v.parentTitle as string | null | undefined) || null, storedGoals, items, fail) : null;
    const collaborators = v.collaborators === undefined ? (existing?.collaboratorUserIds ?? null) : ((v.collaborators as string[] | null) ?? null);
    const unknown = v.collaborators === undefined ? [] : (collaborators ?? []).filter((id) => !owners.has(id));
    if (unknown.length > 0) fail('协作人工号', `未知员工：${unknown.join('、')}，请先导入员工或同步通讯录`);
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const keep = (field: 'weight' | 'progress'): number => (v[field] === undefined ? (existing?.[field] ?? 0) : ((v[field] as number | null) ?? 0));
    const progress = keep('progress');
    // Done when imported with a date, or when progress reaches 100 (then, if not already, today).
    const doneAt = v.doneAt instanceof Date ? v.doneAt : progress >= 100 ? (existing?.doneAt ?? ctx.now) : null;
    items.push({ row: r.row, existing, fields: { ...key, weight: keep('weight'), progress, collaboratorUserIds: collaborators && collaborators.length > 0 ? collaborators : null, doneAt }, parent, id: existing?.id });
  }
  errors.push(...findRepeats(items, (i) => keyOf(i.fields), '标题', '层级、标题、周期和负责人'));

  const counts = newCounts();
  const changes: Item[] = [];
  for (const item of items) {
    // undefined while the parent is a row of this file not yet written.
    const parentId = item.parent === null ? null : item.parent.id;
    if (item.existing && parentId !== undefined && sameValues(item.existing, { ...item.fields, parentId })) counts.unchanged++;
    else changes.push(item);
  }
  for (const item of changes) counts[item.existing ? 'updated' : 'inserted']++;

  return {
    errors,
    counts,
    async apply() {
      for (const item of changes) {
        const parentId = item.parent?.id ?? null;
        const next = { ...item.fields, parentId };
        const saved = await tx.getRepository(Goal).save({ ...(item.existing ? { id: item.existing.id, createdAt: item.existing.createdAt } : { createdAt: ctx.now }), ...next, updatedAt: ctx.now });
        item.id = saved.id;
        await auditImport(tx, ctx, { action: 'goal.import', entity: 'goals', entityId: saved.id, subjectUserId: next.ownerUserId, ...diff(item.existing, next) });
      }
    },
  };
}

/** The one goal a level up with this title whose period covers the row's; a file row above wins over none. */
function findParent(level: GoalLevel, periodKey: string, title: string | null, stored: Goal[], earlier: Item[], fail: (c: string, m: string) => void): Goal | Item | null {
  const parentLevel = PARENT_LEVEL[level];
  if (!parentLevel) {
    if (title) fail('上级目标标题', '战略是最高层级，不能有上级目标');
    return null;
  }
  if (!title) {
    if (level === 'key_result') fail('上级目标标题', '关键结果必须填写所属的目标标题');
    return null;
  }
  const fromFile = earlier.filter((i) => i.fields.title === title && i.fields.level === parentLevel);
  const fileKeys = new Set(fromFile.map((i) => keyOf(i.fields)));
  const candidates: Array<Goal | Item> = [...fromFile, ...stored.filter((g) => g.title === title && g.level === parentLevel && !fileKeys.has(keyOf(g)))];
  const fitting = candidates.filter((c) => covers(('fields' in c ? c.fields : c).periodKey, periodKey));
  if (fitting.length === 1) return fitting[0];
  if (fitting.length > 1) fail('上级目标标题', `有 ${fitting.length} 个名为“${title}”的${LEVEL_LABEL[parentLevel]}，无法确定是哪一个，请修改标题使其唯一`);
  else if (candidates.length > 0) fail('上级目标标题', `“${title}”的周期不包含 ${periodKey}`);
  else fail('上级目标标题', `未找到名为“${title}”的${LEVEL_LABEL[parentLevel]}（须是系统中已有的，或本表中更靠上的行）`);
  return null;
}
