/**
 * The baselines the detail page shows: for each of the person's metrics that an active alert rule
 * watches, the baseline the weekly job would measure a window starting at the page's first week
 * against (the same code: own median of the last comparable weeks, else the position's), with how
 * it was computed and each rule's threshold. Reads only this person's records (and, when they have
 * too few weeks, their same-position colleagues').
 */
import { In, type DataSource } from 'typeorm';
import { formatValue } from '../../cards/alert-card';
import { periodOf, recentWeeks, type Period } from '../domain/periods';
import { Employee } from '../entities';
import { AlertRule } from './alert-rule.entity';
import { BASELINE_LOOKBACK_WEEKS, baselinesAt, baselineWeeks, MIN_OWN_WEEKS } from './baseline';
import { loadHistoryInputs, ruleHistory } from './history-data';
import { thresholdValue } from './rule-check';
import { describeRule } from './types';

export interface PageBaseline {
  /** '40单（本人近 8 个可比周的中位数）' */
  value: string;
  /** How it was computed, with the weeks and values, so it can be checked by hand. */
  how: string;
  /** '工单完成数 连续 2 周低于基线 15%：阈值 34单' per active rule. */
  rules: string[];
}

export async function pageBaselines(ds: DataSource, userId: string, metrics: Array<{ code: string; name: string; unit: string }>, period: Period, tz: string): Promise<Map<string, PageBaseline>> {
  const out = new Map<string, PageBaseline>();
  const rules = await ds.getRepository(AlertRule).find({ where: { active: true, metricCode: In(metrics.map((m) => m.code).concat('')) }, order: { id: 'ASC' } });
  if (rules.length === 0) return out;
  // The page's first week closes the range: the baseline comes from the weeks before it.
  const weeks = recentWeeks(periodOf('week', period.start, tz).start, BASELINE_LOOKBACK_WEEKS + 1, tz);
  const before = weeks.length - 1;
  const watched = [...new Set(rules.map((r) => r.metricCode))].map((code) => ({ metricCode: code, outcomeMetricCode: null }));
  const mine = await loadHistoryInputs(ds, watched, weeks, tz, { userIds: [userId] });
  const person = mine.employees.get(userId);
  if (!person) return out;
  let peers: Awaited<ReturnType<typeof loadHistoryInputs>> | null = null;
  for (const m of metrics) {
    const ruleList = rules.filter((r) => r.metricCode === m.code);
    if (ruleList.length === 0) continue;
    const own = ruleHistory(mine, { metricCode: m.code, outcomeMetricCode: null }, weeks, tz, new Date(0), { outcomes: false }).people;
    const series = own.get(userId)?.series ?? [];
    const used = series.length ? baselineWeeks(series, before) : [];
    let people = own;
    if (used.length < MIN_OWN_WEEKS) {
      if (!peers) {
        const colleagues = (await ds.getRepository(Employee).find({ where: { active: true, position: person.position }, select: { userId: true } })).map((e) => e.userId);
        peers = await loadHistoryInputs(ds, watched, weeks, tz, { userIds: colleagues });
      }
      people = ruleHistory(peers, { metricCode: m.code, outcomeMetricCode: null }, weeks, tz, new Date(0), { outcomes: false }).people;
      if (!people.has(userId)) people.set(userId, { series: weeks.map(() => null), position: person.position, monthMissed: [] });
    }
    const b = baselinesAt(people, before).get(userId);
    const unit = m.unit;
    if (!b) {
      out.set(m.code, {
        value: '暂无',
        how: `本人在此前 ${BASELINE_LOOKBACK_WEEKS} 周中只有 ${used.length} 周有数据（少于 ${MIN_OWN_WEEKS} 周），同岗位（${person.position || '未填岗位'}）也没有可用的同事基线，所以这项指标暂不预警。`,
        rules: ruleList.map((r) => describeRule(r, m.name)),
      });
      continue;
    }
    const how = b.source === 'own'
      ? `取 ${weeks[used[used.length - 1]].key} 至 ${weeks[used[0]].key} 中有数据的 ${used.length} 周（无数据的周不计，最多回看 ${BASELINE_LOOKBACK_WEEKS} 周），周值从小到大为 ${used.map((i) => series[i] as number).sort((x, y) => x - y).map(formatValue).join('、')}，中位数 ${formatValue(b.value)}${unit}。`
      : `本人在此前 ${BASELINE_LOOKBACK_WEEKS} 周中只有 ${used.length} 周有数据（少于 ${MIN_OWN_WEEKS} 周），改用同岗位（${person.position || '未填岗位'}）${b.basis} 位同事各自本人基线的中位数。`;
    out.set(m.code, {
      value: `${formatValue(b.value)}${unit}（${b.source === 'own' ? `本人近 ${b.basis} 个可比周的中位数` : '同岗位中位数'}，截至 ${weeks[before - 1].key}）`,
      how,
      rules: ruleList.map((r) => `${describeRule(r, m.name)}：阈值 ${formatValue(thresholdValue(r, b.value))}${unit}`),
    });
  }
  return out;
}
