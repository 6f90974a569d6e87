/**
 * Every example in the README's command guide works as written: the table is read from README.md,
 * each `example` is sent through WeCom by someone the "谁可以用" column names (demo org), and the
 * answer must be an answer, not a usage text, a refusal or "没有听懂".
 */
import fs from 'node:fs';
import path from 'node:path';
import { MetricAssignment, MetricRecord } from '../../src/entities';
import type { Harness } from '../helpers/app';
import { local, NOW, say, startAt } from './reviews-helpers';

const WHO: Record<string, string> = {
  '上级、HR': 'lihua', 所有人: 'zhaolei', 员工: 'zhaolei', 其他部门的同事: 'zhaolei', '部门主管、HR': 'wangqiang', '主管、HR': 'lihua', HR: 'heping',
};
const NOT_AN_ANSWER = /没有听懂|没有找到命令|用法|不是有效|无法识别|请写明|无权|只有上级|抱歉/;

function readmeExamples(): Array<{ who: string; text: string }> {
  const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const guide = readme.slice(readme.indexOf('## 在企业微信里使用'), readme.indexOf('\n## ', readme.indexOf('## 在企业微信里使用') + 5));
  const rows = guide.split('\n').filter((l) => l.startsWith('| `'));
  return rows.flatMap((row) => {
    const [commands, who] = row.split('|').slice(1, 3).map((c) => c.trim());
    if (!WHO[who]) throw new Error(`README row with an unknown audience: ${who}`);
    return [...commands.matchAll(/`([^`]+)`/g)].map((m) => ({ who: WHO[who], text: m[1] }));
  });
}

describe('the README command guide', () => {
  let h: Harness;
  const examples = readmeExamples();
  beforeAll(async () => {
    h = await startAt();
    await h.ds.getRepository(MetricAssignment).insert([
      { userId: 'zhaolei', metricCode: 'work_orders_completed', periodKey: '', target: 120, weight: 40, floor: false, updatedAt: NOW },
      { userId: 'zhaolei', metricCode: 'yield_rate', periodKey: '', target: 98.5, weight: 60, floor: false, updatedAt: NOW },
    ]);
    await h.ds.getRepository(MetricRecord).insert([
      { userId: 'zhaolei', input: 'completed', value: 30, occurredAt: local('2026-11-18 10:00'), source: 'MES', externalId: 'WO-1', ref: '', createdAt: NOW },
      { userId: 'zhaolei', input: 'good', value: 960, occurredAt: local('2026-11-18 10:00'), source: 'MES', externalId: 'G-1', ref: '', createdAt: NOW },
    ]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('has the examples', () => {
    expect(examples.length).toBeGreaterThan(25);
    expect(examples.map((e) => e.text)).toEqual(expect.arrayContaining(['查询本月', '表扬 @赵磊 @孙丽 主动加班支援', '申诉 上周 周三的合格品漏记了 20 件']));
  });

  it('answers every example as written', async () => {
    const failures: string[] = [];
    for (const { who, text } of examples) {
      const before = h.sim.sent.length;
      await say(h, who, text);
      const answers = h.sim.sent.slice(before).filter((m) => m.recipients.includes(who));
      const texts = answers.filter((m) => m.msgtype === 'text').map((m) => (m.body.text as { content: string }).content);
      if (answers.length === 0) failures.push(`${who}: ${text} → (no answer)`);
      for (const t of texts) if (NOT_AN_ANSWER.test(t)) failures.push(`${who}: ${text} → ${t}`);
    }
    expect(failures).toEqual([]);
    expect(h.logs.filter((l) => l.msg === 'handler failed')).toEqual([]);
    // Over 30 examples, each a full WeCom round trip: about 10 s on a quiet machine, past jest's
    // default 30 s when the machine's two cores are shared by a full parallel run.
  }, 120_000);
});
