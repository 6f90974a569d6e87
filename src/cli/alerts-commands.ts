/**
 * Early-warning rules from the shell, the same edits as HR's 预警规则 in chat (same parser, same
 * audit, actor 'cli'): `perfbot alerts rules|add|edit|disable|enable`, and the whole set through a
 * sheet: `perfbot alerts export [file.xlsx]`, edit in Excel, `perfbot alerts import <file> [--dry-run]`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { describeRuleEvidence, rulesWithEvidence } from '../alerts/overview';
import { applyRuleCommand, parseRuleCommand } from '../alerts/rule-command';
import { exportAlertRules, formatRuleImport, importAlertRules } from '../alerts/rule-import';
import { describeRule } from '../alerts/types';
import type { Config } from '../config';
import { MetricDefinition } from '../entities';
import { MAX_FILE_BYTES } from '../import';
import { type Command, parseOptions, refusalsPrinted, withDatabase } from './command';

/** `perfbot alerts add 工单完成数 低于 15% 连续 2 周` → the chat command's text, parsed and applied the same way. */
async function change(config: Config, text: string): Promise<number> {
  return refusalsPrinted(async () => {
    const cmd = parseRuleCommand(text);
    if (cmd.kind === 'list') throw new Error('unreachable: a change has words');
    const line = await withDatabase(config, async (ds: DataSource) => {
      const rule = await applyRuleCommand(ds, cmd, 'cli', new Date());
      const metric = await ds.getRepository(MetricDefinition).findOneBy({ code: rule.metricCode });
      return `#${rule.id} ${describeRule(rule, metric?.name ?? rule.metricCode)}${rule.active ? '' : '（已停用）'} —— 已保存，已写入审计日志`;
    });
    console.log(line);
  });
}

const changeCommand = (word: string, usage: string, help: string): Command => ({
  usage,
  help,
  async run(args, config) {
    if (args.length === 0) {
      console.error(`usage: ${this.usage}`);
      return 2;
    }
    return change(config, `${word} ${args.join(' ')}`);
  },
});

export const ALERTS_COMMANDS: Record<string, Command> = {
  'alerts rules': {
    usage: 'perfbot alerts rules',
    help: 'every early-warning rule with its back-test evidence on the last year',
    async run(_args, config) {
      await withDatabase(config, async (ds) => {
        const all = await rulesWithEvidence(ds, config.timezone, new Date());
        if (all.length === 0) console.log('还没有预警规则。');
        for (const r of all) console.log(describeRuleEvidence(r).replace(/\n> /, '\n  '));
      });
      return 0;
    },
  },
  'alerts add': changeCommand('新增', 'perfbot alerts add <指标> 低于|高于 <N>% 连续 <W> 周 [通知本人]', 'add a rule (audited), e.g. perfbot alerts add 工单完成数 低于 15% 连续 2 周'),
  'alerts edit': changeCommand('修改', 'perfbot alerts edit <编号> 低于|高于 <N>% 连续 <W> 周 [通知本人|仅上级]', 'change a rule’s threshold, weeks or audience (audited)'),
  'alerts disable': changeCommand('停用', 'perfbot alerts disable <编号>', 'stop a rule (audited); its alerts stay'),
  'alerts enable': changeCommand('启用', 'perfbot alerts enable <编号>', 'start a stopped rule again (audited)'),
  'alerts export': {
    usage: 'perfbot alerts export [file.xlsx]',
    help: 'write every rule to a sheet with the import’s columns, to edit in Excel',
    async run(args, config) {
      const target = args[0] ?? 'perfbot-alert-rules.xlsx';
      fs.writeFileSync(target, await withDatabase(config, (ds) => exportAlertRules(ds)));
      console.log(`wrote ${target}`);
      return 0;
    },
  },
  'alerts import': {
    usage: 'perfbot alerts import <file.xlsx|file.csv> [--dry-run]',
    help: 'add or change rules from a sheet (编号 指标 方向 幅度% 连续周数 通知对象 结果指标 启用), all rows or none, audited',
    async run(args, config) {
      const { positional, options } = parseOptions(args);
      const [file] = positional;
      if (!file) {
        console.error(`usage: ${this.usage}`);
        return 2;
      }
      if (!fs.existsSync(file)) {
        console.log(`找不到文件：${file}`);
        return 1;
      }
      const size = fs.statSync(file).size;
      if (size > MAX_FILE_BYTES) {
        console.log(`文件过大（${(size / 1048576).toFixed(1)} MB），最多 ${MAX_FILE_BYTES / 1048576} MB`);
        return 1;
      }
      const result = await withDatabase(config, (ds) =>
        importAlertRules(ds, fs.readFileSync(file), path.basename(file), { actor: 'cli', now: new Date(), timeZone: config.timezone, dryRun: options['dry-run'] === true }),
      );
      console.log(formatRuleImport(result));
      return result.ok ? 0 : 1;
    },
  },
};
