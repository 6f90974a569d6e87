/**
 * Alert rules from the shell: the same edits as HR's 预警规则 (same parser, Chinese refusals, one
 * audit entry each, actor 'cli'), and the whole set through a sheet: export, edit, import back,
 * all rows or none, a dry run writing nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { AlertRule } from '../../src/alerts/alert-rule.entity';
import { COMMANDS } from '../../src/cli';
import type { Config } from '../../src/config';
import { createDataSource } from '../../src/data-source';
import { AuditEntry } from '../../src/entities';
import { testConfig } from '../helpers/app';
import { openTestDatabase, testDatabaseConfig } from '../helpers/db';

const log = pino({ level: 'silent' });

describe('perfbot alerts', () => {
  let config: Config;
  let out: string[];
  let err: string[];
  let dir: string;
  const cli = (...argv: string[]) => {
    for (let n = 2; n >= 1; n--) {
      const c = COMMANDS[argv.slice(0, n).join(' ')];
      if (c) return c.run(argv.slice(n), config, log);
    }
    throw new Error(`no command ${argv.join(' ')}`);
  };
  const withDs = async <T>(fn: (ds: DataSource) => Promise<T>): Promise<T> => {
    const ds = await createDataSource(config.database).initialize();
    try {
      return await fn(ds);
    } finally {
      await ds.destroy();
    }
  };

  beforeEach(async () => {
    const database = testDatabaseConfig();
    await (await openTestDatabase(database)).destroy();
    config = { ...testConfig('http://127.0.0.1:9'), database };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfbot-alerts-cli-'));
    out = [];
    err = [];
    jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    jest.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds, edits and stops rules like the chat command, audited as cli, refusing in Chinese', async () => {
    expect(await cli('alerts', 'add', '良品率', '低于', '5%', '连续', '3', '周', '通知本人')).toBe(0);
    const rule = await withDs((ds) => ds.getRepository(AlertRule).findOneByOrFail({ metricCode: 'yield_rate', thresholdPct: 5 }));
    expect(rule).toMatchObject({ direction: 'below', weeks: 3, audience: 'supervisor_employee', active: true });
    expect(out.at(-1)).toBe(`#${rule.id} 良品率 连续 3 周低于基线 5% —— 已保存，已写入审计日志`);

    expect(await cli('alerts', 'edit', String(rule.id), '低于', '8%', '连续', '2', '周', '仅上级')).toBe(0);
    expect(await cli('alerts', 'disable', String(rule.id))).toBe(0);
    expect(await withDs((ds) => ds.getRepository(AlertRule).findOneByOrFail({ id: rule.id }))).toMatchObject({ thresholdPct: 8, weeks: 2, audience: 'supervisor', active: false });

    expect(await cli('alerts', 'add', '不存在的指标', '低于', '5%', '连续', '2', '周')).toBe(1);
    expect(err.at(-1)).toContain('没有找到指标“不存在的指标”');
    expect(await cli('alerts', 'edit', '999', '低于', '5%', '连续', '2', '周')).toBe(1);
    expect(err.at(-1)).toBe('没有编号为 999 的预警规则。发送“预警规则”查看全部。');
    expect(await cli('alerts', 'add', '良品率', '低于', '150%', '连续', '2', '周')).toBe(1);
    expect(err.at(-1)).toBe('幅度应大于 0%（“低于”时小于 100%）。');
    expect(await cli('alerts', 'add')).toBe(2);

    const audits = await withDs((ds) => ds.getRepository(AuditEntry).find({ where: { entity: 'alert_rule' }, order: { id: 'ASC' } }));
    expect(audits.map((a) => [a.actor, a.action, a.entityId])).toEqual([
      ['cli', 'alert_rule.add', String(rule.id)], ['cli', 'alert_rule.edit', String(rule.id)], ['cli', 'alert_rule.disable', String(rule.id)],
    ]);
    const before = out.length;
    expect(await cli('alerts', 'rules')).toBe(0);
    const listed = out.slice(before);
    expect(listed).toHaveLength(11); // 10 shipped + this one
    expect(listed.at(-1)).toBe(`#${rule.id} 良品率 连续 2 周低于基线 8%（通知上级，已停用）\n  触发后当月未达标 无样本；未触发时 无样本；尚未证实`);
  });

  it('exports the rules to a sheet and imports edits back, all rows or none, audited', async () => {
    const xlsx = path.join(dir, 'rules.xlsx');
    expect(await cli('alerts', 'export', xlsx)).toBe(0);
    expect(await cli('alerts', 'import', xlsx)).toBe(0);
    expect(out.at(-1)).toBe('导入成功：新增 0 条，更新 0 条，未变 10 条（已写入审计日志）');

    // Edit in "Excel": 工单完成数 to 20% over 3 weeks, judged on 准时交付率; one rule stopped.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet('预警规则')!;
    expect(ws.getRow(1).values).toEqual([undefined, '编号', '指标', '方向', '幅度%', '连续周数', '通知对象', '结果指标', '启用']);
    const row = (metric: string) => ws.getRows(2, ws.rowCount - 1)!.find((r) => r.getCell(2).value === metric)!;
    row('工单完成数').getCell(4).value = 20;
    row('工单完成数').getCell(5).value = 3;
    row('工单完成数').getCell(7).value = '准时交付率';
    row('设备停机时长').getCell(8).value = '否';
    await wb.xlsx.writeFile(xlsx);

    // A CSV with a bad row: nothing is written, every problem named by row and column.
    const csv = path.join(dir, 'rules.csv');
    fs.writeFileSync(csv, ['指标,方向,幅度%,连续周数,通知对象', '检验完成批次数,低于,25,2,上级和本人', '不存在,低于,10,2,', '良品率,横着,10,2,', '良品率,低于,120,2,'].join('\n'));
    expect(await cli('alerts', 'import', csv)).toBe(1);
    const failure = out.at(-1)!;
    expect(failure).toMatch(/^导入失败，未写入任何规则：/);
    expect(failure).toContain('第 3 行【指标】没有找到指标“不存在”');
    expect(failure).toContain('第 4 行【方向】');
    expect(failure).toContain('第 5 行【幅度%】幅度应大于 0（方向为“低于”时小于 100）');
    fs.writeFileSync(csv, ['指标,方向,幅度%,连续周数,通知对象', '检验完成批次数,低于,25,2,上级和本人'].join('\n'));
    expect(await cli('alerts', 'import', csv, '--dry-run')).toBe(0);
    expect(out.at(-1)).toBe('校验通过（试运行，未写入）：将新增 1 条，更新 0 条，未变 0 条');
    expect(await withDs((ds) => ds.getRepository(AlertRule).count())).toBe(10);

    expect(await cli('alerts', 'import', xlsx)).toBe(0);
    expect(out.at(-1)).toBe('导入成功：新增 0 条，更新 2 条，未变 8 条（已写入审计日志）');
    expect(await cli('alerts', 'import', csv)).toBe(0);
    expect(out.at(-1)).toBe('导入成功：新增 1 条，更新 0 条，未变 0 条（已写入审计日志）');
    const rules = await withDs((ds) => ds.getRepository(AlertRule).find({ order: { id: 'ASC' } }));
    expect(rules.find((r) => r.metricCode === 'work_orders_completed')).toMatchObject({ thresholdPct: 20, weeks: 3, outcomeMetricCode: 'on_time_delivery', active: true });
    expect(rules.find((r) => r.metricCode === 'equipment_downtime')!.active).toBe(false);
    expect(rules.filter((r) => r.metricCode === 'inspections_completed').map((r) => [r.thresholdPct, r.audience])).toEqual([[15, 'supervisor'], [25, 'supervisor_employee']]);
    const audits = await withDs((ds) => ds.getRepository(AuditEntry).find({ where: { entity: 'alert_rule' }, order: { id: 'ASC' } }));
    expect(audits.map((a) => [a.actor, a.action, a.reason])).toEqual([
      ['cli', 'alert_rule.edit', '表格导入：rules.xlsx'], ['cli', 'alert_rule.edit', '表格导入：rules.xlsx'], ['cli', 'alert_rule.add', '表格导入：rules.csv'],
    ]);
    expect(await cli('alerts', 'import', path.join(dir, 'missing.xlsx'))).toBe(1);
    expect(out.at(-1)).toBe(`找不到文件：${path.join(dir, 'missing.xlsx')}`);
  });
});
