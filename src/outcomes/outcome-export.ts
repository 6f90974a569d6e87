/** 成效 导出: the report (before/after), the monthly trend and the method, as an .xlsx. */
import ExcelJS from 'exceljs';
import type { OutcomeBundle } from './outcome-service';
import { BETTER_WORD, CHANGE_WORD } from './report';

export async function outcomeWorkbook(bundle: OutcomeBundle): Promise<{ buffer: Buffer; filename: string }> {
  const { report, trend } = bundle;
  const wb = new ExcelJS.Workbook();
  const table = wb.addWorksheet('前后对比');
  table.addRow([`效果验证 · ${report.span.label}（${report.scope}）`]);
  table.addRow(['指标', '方向', `基线${report.baseline ? `（${report.baseline.label}）` : '（未设置）'}`, `本期（${report.span.label}）`, '变化', '本期样本', '基线样本']);
  for (const r of report.rows) {
    table.addRow([r.name, r.better ? BETTER_WORD[r.better] : '—', r.before ? (r.before.value ?? r.before.text) : '—', r.now.value ?? r.now.text, r.change ? CHANGE_WORD[r.change] : '—', r.now.sample, r.before?.sample ?? '']);
  }
  table.columns.forEach((c, i) => (c.width = [28, 10, 18, 18, 8, 48, 48][i]));

  const months = wb.addWorksheet('月度趋势');
  months.addRow(['指标', ...trend.map((t) => t.span.key)]);
  for (let i = 0; i < report.rows.length; i++) {
    months.addRow([`${report.rows[i]!.name}（${report.rows[i]!.unit}）`, ...trend.map((t) => t.rows[i]!.value.value ?? t.rows[i]!.value.text)]);
  }
  months.getColumn(1).width = 32;

  const method = wb.addWorksheet('口径');
  method.addRow(['主管时间按动作估算：次数 × 每次分钟数']);
  method.addRow(['动作', '每次分钟数', '来源']);
  for (const t of bundle.actionMinutes) method.addRow([t.label, t.minutes, t.source]);
  method.addRow([]);
  method.addRow(['各指标定义见 docs/outcomes.md；“数据不足”表示期间内没有可计算的样本，不是 0。']);
  method.getColumn(1).width = 28;
  method.getColumn(3).width = 70;

  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), filename: `效果验证-${report.span.key.replace(/\.\./g, '至')}.xlsx` };
}
