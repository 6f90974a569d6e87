/**
 * 导出: the period's scores of every active employee as an .xlsx workbook, one row each, ranked
 * within their department (equal totals share a rank; no total — 数据不足 — no rank), with the
 * 行为分, its share of the total and, where there is no total, why.
 */
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import type { Period } from '../domain/periods';
import { behaviourEffectText } from '../domain/behaviour';
import { roundTo } from '../domain/scoring/format';
import { computeScorecards, periodMemberIds, type ScorecardView } from './scorecards';

export const EXPORT_COLUMNS = ['工号', '姓名', '部门', '岗位', '总分', '自动数据', '主管评价', '跨部门协作', '缺失项', '排名', '行为分', '行为分计入总分', '说明'] as const;
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type ExportRow = [
  string, string, string, string, number | null, number | null, number | null, number | null, string, number | null,
  number | null, string, string,
];

const TIE = 1e-9;

/** Rank within the department: 1 + the number of colleagues with a strictly higher total. */
function departmentRanks(views: ScorecardView[]): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const v of views) {
    if (v.total === null) continue;
    const higher = views.filter((o) => o.employee.departmentId === v.employee.departmentId && o.total !== null && o.total > v.total! + TIE).length;
    ranks.set(v.userId, higher + 1);
  }
  return ranks;
}

const one = (n: number | null) => (n === null ? null : roundTo(n, 1));

export function toExportRows(views: ScorecardView[]): ExportRow[] {
  const ranks = departmentRanks(views);
  return views
    .map((v): ExportRow => [
      v.userId,
      v.employee.name,
      v.employee.departmentName,
      v.employee.position,
      one(v.total),
      one(v.components.automatic.score),
      one(v.components.review.score),
      one(v.components.collaboration.score),
      v.missing.join('、'),
      ranks.get(v.userId) ?? null,
      v.behaviour ? v.behaviour.score : null,
      v.behaviour ? behaviourEffectText(v.behaviour.configuredShare) : '',
      v.basis.sufficient ? '' : (v.basis.reason ?? '数据不足'),
    ])
    .sort(
      (a, b) =>
        a[2].localeCompare(b[2], 'zh-Hans-CN') || (a[9] ?? Infinity) - (b[9] ?? Infinity) || a[1].localeCompare(b[1], 'zh-Hans-CN'),
    );
}

export async function buildScoresWorkbook(rows: ExportRow[], period: Period): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'perfbot';
  const ws = wb.addWorksheet(period.key);
  ws.addRow([...EXPORT_COLUMNS]);
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c, i) => {
    c.width = [14, 10, 12, 14, 8, 10, 10, 12, 22, 6, 8, 14, 40][i];
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Scores of every active employee for the period, as rows and as the workbook's bytes. */
export async function exportScores(ds: DataSource, period: Period, timeZone: string): Promise<{ rows: ExportRow[]; buffer: Buffer; filename: string }> {
  const views = [...(await computeScorecards(ds, await periodMemberIds(ds, period), period, timeZone)).values()];
  const rows = toExportRows(views);
  return { rows, buffer: await buildScoresWorkbook(rows, period), filename: `绩效_${period.key}.xlsx` };
}
