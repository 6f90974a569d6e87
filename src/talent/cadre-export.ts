/** A screen run as an .xlsx: the rules, the candidates with every rule's evidence, the near misses, those pending a hire date, hand changes. */
import ExcelJS from 'exceljs';
import type { CadreAdjustment, CadreScreenRun } from '../entities';
import { describeRule, outcomeMark, type ScreenEntry } from './screening';

export async function exportScreenRun(run: CadreScreenRun, adjustments: CadreAdjustment[], names: Map<string, string>, ranAtText: string): Promise<{ buffer: Buffer; filename: string }> {
  const wb = new ExcelJS.Workbook();
  const boxName = (c: string) => run.result.boxNames[c as keyof typeof run.result.boxNames] ?? c;
  const rules = wb.addWorksheet('筛选规则');
  rules.addRow(['筛选', run.screenName]);
  rules.addRow(['运行时间', ranAtText]);
  rules.addRow(['运行人', run.ranBy.replace(/^user:/, '')]);
  rules.addRow(['参与人数', run.result.evaluated]);
  run.rules.forEach((r, i) => rules.addRow([`规则 ${i + 1}`, describeRule(r, boxName as never)]));
  const sheet = (title: string, entries: ScreenEntry[]) => {
    const ws = wb.addWorksheet(title);
    ws.addRow(['姓名', '账号', '部门', '岗位', ...run.rules.map((r) => describeRule(r, boxName as never))]);
    for (const e of entries) ws.addRow([e.name, e.userId, e.department, e.position, ...e.outcomes.map((o) => `${outcomeMark(o)} ${o.evidence}`)]);
    ws.getRow(1).font = { bold: true };
  };
  sheet('候选人', run.result.candidates);
  sheet('差一条', run.result.nearMisses);
  sheet('待补数据（司龄未知）', run.result.pending ?? []);
  const adj = wb.addWorksheet('手工调整');
  adj.addRow(['姓名', '账号', '操作', '原因', '操作人']);
  for (const a of adjustments) adj.addRow([names.get(a.userId) ?? a.userId, a.userId, a.action === 'add' ? '增加' : '移除', a.reason, a.actor.replace(/^user:/, '')]);
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, filename: `储备干部筛选-${run.screenName}-${run.id}.xlsx` };
}
