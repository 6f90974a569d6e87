/**
 * The back-test on a seeded year: a planted pattern (a two-week drop in work orders, and that month's
 * on-time delivery misses) is found with the counts the construction implies; random data is not.
 */
import type { DataSource } from 'typeorm';
import { backtest, evidenceLine, MIN_FIRED_SAMPLE } from '../../src/alerts/backtest';
import { loadHistoryInputs, ruleHistory } from '../../src/alerts/history-data';
import { openTestDatabase } from '../helpers/db';
import {
  assign, completedRecord, deliveryRecords, insertRecords, monthKeyOf, onlyDeliveryRule, prng, seedLibrary, seedOperators, TZ, weeksEnding,
} from './seed-history';

const NOW = new Date('2026-11-30T09:00:00+08:00'); // Monday: November is not over, October is
const WEEKS = weeksEnding('2026-W48', 52);
const months = [...new Set(WEEKS.map(monthKeyOf))];
const ids = Array.from({ length: 40 }, (_, p) => `op${String(p).padStart(2, '0')}`);

async function evidenceFor(ds: DataSource) {
  const rule = await onlyDeliveryRule(ds);
  const data = await loadHistoryInputs(ds, [rule], WEEKS, TZ);
  return backtest(rule, ruleHistory(data, rule, WEEKS, TZ, NOW).people);
}

/** A week is judged when it has 4 weeks of own history before its 2-week window and its month is over. */
const judged = (i: number) => i - 1 >= 4 && monthKeyOf(WEEKS[i]) <= '2026-10';

describe('back-test on seeded history', () => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await openTestDatabase();
    await seedLibrary(ds);
    await seedOperators(ds, ids);
    await assign(ds, ids, 'work_orders_completed', 170);
    await assign(ds, ids, 'on_time_delivery', 95);
  });
  afterEach(async () => {
    await ds.destroy();
  });

  it('finds a planted drop-then-miss pattern, with the counts the history implies', async () => {
    const records = [];
    const dropStarts = new Map<string, number[]>();
    const missedMonths = new Map<string, Set<string>>();
    for (const [p, id] of ids.entries()) {
      const starts: number[] = [];
      if (p < 20) {
        for (const base of [8, 20, 32]) {
          let d = base + (p % 4);
          if (monthKeyOf(WEEKS[d]) !== monthKeyOf(WEEKS[d + 1])) d++; // both weeks in one month
          starts.push(d);
        }
      }
      dropStarts.set(id, starts);
      const dropped = new Set(starts.flatMap((d) => [d, d + 1]));
      WEEKS.forEach((w, i) => records.push(completedRecord(id, w, dropped.has(i) ? 30 : 40)));
      const missed = new Set(starts.map((d) => monthKeyOf(WEEKS[d])));
      months.forEach((m, k) => {
        if (p >= 20 && (p + k) % 5 === 0) missed.add(m); // misses with no warning sign
      });
      missedMonths.set(id, missed);
      for (const m of months) records.push(...deliveryRecords(id, m, missed.has(m)));
    }
    await insertRecords(ds, records);

    // What the construction implies: the rule fires on the second week of each drop, and nowhere else.
    let firedN = 0, quietN = 0, quietMissed = 0;
    for (const id of ids) {
      const fires = new Set(dropStarts.get(id)!.map((d) => d + 1));
      WEEKS.forEach((w, i) => {
        if (!judged(i)) return;
        if (fires.has(i)) firedN++;
        else {
          quietN++;
          if (missedMonths.get(id)!.has(monthKeyOf(w))) quietMissed++;
        }
      });
    }
    expect(firedN).toBe(60);

    const e = await evidenceFor(ds);
    expect(e.fired).toMatchObject({ n: firedN, missed: firedN, rate: 1 });
    expect(e.quiet).toMatchObject({ n: quietN, missed: quietMissed });
    expect(e.proven).toBe(true);
    expect(e.lift).toBeCloseTo(quietN / quietMissed, 6);
    expect(evidenceLine(e)).toBe(`历史上触发此规则后，当月未达标的比例为 100%（未触发时 ${Math.round((quietMissed / quietN) * 100)}%，样本 ${firedN}）`);
  });

  it('reports no proven lift on random data, with every judged person-week counted once', async () => {
    const rand = prng(20261130);
    const records = [];
    for (const id of ids) {
      WEEKS.forEach((w) => records.push(completedRecord(id, w, 30 + Math.floor(rand() * 21))));
      for (const m of months) records.push(...deliveryRecords(id, m, rand() < 0.3));
    }
    await insertRecords(ds, records);
    const e = await evidenceFor(ds);
    const judgedWeeks = WEEKS.filter((_, i) => judged(i)).length;
    expect(e.fired.n + e.quiet.n).toBe(ids.length * judgedWeeks);
    expect(e.fired.n).toBeGreaterThan(0);
    expect(e.proven).toBe(false);
    expect(evidenceLine(e)).toMatch(/^此规则尚未被历史数据证实（触发样本 \d+，未达标 \d+；未触发样本 \d+，未达标 \d+），仅供参考。$/);
  });

  it('calls a rule unproven below the minimum sample even when every firing preceded a miss', async () => {
    const records = [];
    for (const [p, id] of ids.entries()) {
      const d = p < 5 ? 20 + (monthKeyOf(WEEKS[20]) === monthKeyOf(WEEKS[21]) ? 0 : 1) : -10;
      WEEKS.forEach((w, i) => records.push(completedRecord(id, w, i === d || i === d + 1 ? 30 : 40)));
      for (const m of months) records.push(...deliveryRecords(id, m, d >= 0 && m === monthKeyOf(WEEKS[d])));
    }
    await insertRecords(ds, records);
    const e = await evidenceFor(ds);
    expect(e.fired).toMatchObject({ n: 5, missed: 5 });
    expect(5).toBeLessThan(MIN_FIRED_SAMPLE);
    expect(e.proven).toBe(false);
  });
});
