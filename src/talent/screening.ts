/**
 * Reserve-cadre screening (储备干部初筛): HR's rules over the data, evaluated the same way every
 * time. Pure: `evaluateScreen(rules, facts)` is all there is, so a stored run (rules + facts) can be
 * evaluated again later and must give the same list.
 */
import type { BoxCode } from './boxes';

export type ScreenRule =
  /** In one of these boxes (after calibration) in each of the last `quarters` published quarters. */
  | { kind: 'box_in'; boxes: BoxCode[]; quarters: number }
  /** No KPI floor (底线) breached in the last `months` months. */
  | { kind: 'no_floor_breach'; months: number }
  /** Average cross-department collaboration stars received in the last `months` months at least `stars`. */
  | { kind: 'min_collaboration'; stars: number; months: number }
  | { kind: 'min_tenure'; years: number }
  /** At least one development plan completed. */
  | { kind: 'plan_completed' };

/** What the screen knows of one person, gathered once per run and stored with it. */
export interface ScreenFacts {
  userId: string;
  name: string;
  department: string;
  position: string;
  /** Final boxes of the published quarters, newest first (null: not placed that quarter). */
  boxes: Array<{ quarterKey: string; box: BoxCode | null; boxName: string | null }>;
  /** KPI floors breached, newest first, each with its month (YYYY-MM). */
  floorBreaches: Array<{ monthKey: string; metric: string }>;
  /** Collaboration ratings received, each with its month. */
  collaboration: Array<{ monthKey: string; stars: number }>;
  /** Months back from the screen's last month, newest first (YYYY-MM), for the windowed rules. */
  months: string[];
  hiredOn: string | null;
  /** Whole years of tenure at the screen's date; null when the hire date is not recorded. */
  tenureYears: number | null;
  plansCompleted: number;
}

export interface RuleOutcome {
  rule: string;
  passed: boolean;
  /** The data the rule needs is missing (a hire date not recorded): neither passed nor failed. */
  unknown?: true;
  evidence: string;
}

export interface ScreenEntry {
  userId: string;
  name: string;
  department: string;
  position: string;
  outcomes: RuleOutcome[];
}

export interface ScreenResult {
  candidates: ScreenEntry[];
  /** Failed exactly one rule (rules of unknown outcome are shown, not counted). */
  nearMisses: ScreenEntry[];
  /** Failed none, but a rule could not be judged (司龄未知): listed for HR to complete the data, not chosen. */
  pending: ScreenEntry[];
  evaluated: number;
  /** The box names the rules were described with (kept so a replay reads the same). */
  boxNames: Partial<Record<BoxCode, string>>;
}

export const DEFAULT_SCREEN: { name: string; rules: ScreenRule[] } = {
  name: '储备干部',
  rules: [
    { kind: 'box_in', boxes: ['hh', 'hm', 'mh'], quarters: 2 },
    { kind: 'no_floor_breach', months: 6 },
    { kind: 'min_collaboration', stars: 4, months: 6 },
    { kind: 'min_tenure', years: 1 },
    { kind: 'plan_completed' },
  ],
};

export function describeRule(rule: ScreenRule, boxName: (code: BoxCode) => string = (c) => c): string {
  switch (rule.kind) {
    case 'box_in':
      return `连续 ${rule.quarters} 个季度在「${rule.boxes.map(boxName).join('、')}」`;
    case 'no_floor_breach':
      return `近 ${rule.months} 个月无 KPI 底线未达标`;
    case 'min_collaboration':
      return `近 ${rule.months} 个月跨部门协作平均 ≥ ${rule.stars} 星`;
    case 'min_tenure':
      return `司龄 ≥ ${rule.years} 年`;
    case 'plan_completed':
      return '至少完成一份发展计划';
  }
}

export function evaluateRule(rule: ScreenRule, f: ScreenFacts, boxName: (code: BoxCode) => string = (c) => c): RuleOutcome {
  const label = describeRule(rule, boxName);
  switch (rule.kind) {
    case 'box_in': {
      const recent = f.boxes.slice(0, rule.quarters);
      const shown = recent.map((b) => `${b.quarterKey} ${b.boxName ?? '未落格'}`).join('，') || '没有已发布的季度';
      const passed = recent.length === rule.quarters && recent.every((b) => b.box !== null && rule.boxes.includes(b.box));
      return { rule: label, passed, evidence: shown };
    }
    case 'no_floor_breach': {
      const window = new Set(f.months.slice(0, rule.months));
      const hits = f.floorBreaches.filter((b) => window.has(b.monthKey));
      return { rule: label, passed: hits.length === 0, evidence: hits.length === 0 ? '无' : hits.map((h) => `${h.monthKey} ${h.metric}`).join('，') };
    }
    case 'min_collaboration': {
      const window = new Set(f.months.slice(0, rule.months));
      const stars = f.collaboration.filter((c) => window.has(c.monthKey)).map((c) => c.stars);
      if (stars.length === 0) return { rule: label, passed: false, evidence: '没有收到跨部门协作评分' };
      const avg = Math.round((stars.reduce((a, b) => a + b, 0) / stars.length) * 100) / 100;
      return { rule: label, passed: avg >= rule.stars, evidence: `${stars.length} 条评分，平均 ${avg} 星` };
    }
    case 'min_tenure':
      if (f.tenureYears === null) return { rule: label, passed: false, unknown: true, evidence: '司龄未知（入职日期未登记）' };
      return { rule: label, passed: f.tenureYears >= rule.years, evidence: `${f.hiredOn} 入职，司龄 ${f.tenureYears} 年` };
    case 'plan_completed':
      return { rule: label, passed: f.plansCompleted > 0, evidence: `已完成 ${f.plansCompleted} 份` };
  }
}

/** ✓ passed, ✗ failed, ? could not be judged (e.g. 司龄未知). */
export function outcomeMark(o: RuleOutcome): string {
  return o.unknown ? '?' : o.passed ? '✓' : '✗';
}

export function evaluateScreen(rules: readonly ScreenRule[], facts: readonly ScreenFacts[], boxNames: Partial<Record<BoxCode, string>> = {}): ScreenResult {
  const boxName = (code: BoxCode) => boxNames[code] ?? code;
  const candidates: ScreenEntry[] = [];
  const nearMisses: ScreenEntry[] = [];
  const pending: ScreenEntry[] = [];
  for (const f of facts) {
    const outcomes = rules.map((r) => evaluateRule(r, f, boxName));
    const failed = outcomes.filter((o) => !o.passed && !o.unknown).length;
    const unknown = outcomes.filter((o) => o.unknown).length;
    const entry = { userId: f.userId, name: f.name, department: f.department, position: f.position, outcomes };
    if (failed === 0 && unknown === 0) candidates.push(entry);
    else if (failed === 0) pending.push(entry);
    else if (failed === 1) nearMisses.push(entry);
  }
  const byName = (a: ScreenEntry, b: ScreenEntry) => a.department.localeCompare(b.department, 'zh') || a.name.localeCompare(b.name, 'zh') || a.userId.localeCompare(b.userId);
  return { candidates: candidates.sort(byName), nearMisses: nearMisses.sort(byName), pending: pending.sort(byName), evaluated: facts.length, boxNames: { ...boxNames } };
}

/** Checks HR's rules; Chinese messages, empty when valid. */
export function validateScreenRules(rules: unknown): string[] {
  if (!Array.isArray(rules) || rules.length === 0) return ['至少需要一条规则'];
  const errors: string[] = [];
  rules.forEach((r: any, i) => {
    const at = `第 ${i + 1} 条规则`;
    const posInt = (x: unknown) => Number.isInteger(x) && (x as number) > 0;
    switch (r?.kind) {
      case 'box_in':
        if (!Array.isArray(r.boxes) || r.boxes.length === 0 || !r.boxes.every((b: unknown) => typeof b === 'string' && /^[lmh][lmh]$/.test(b))) errors.push(`${at}：格子写法不对`);
        if (!posInt(r.quarters)) errors.push(`${at}：季度数须为正整数`);
        break;
      case 'no_floor_breach':
        if (!posInt(r.months)) errors.push(`${at}：月数须为正整数`);
        break;
      case 'min_collaboration':
        if (!posInt(r.months)) errors.push(`${at}：月数须为正整数`);
        if (!(typeof r.stars === 'number' && r.stars >= 1 && r.stars <= 5)) errors.push(`${at}：星级须在 1–5 之间`);
        break;
      case 'min_tenure':
        if (!(typeof r.years === 'number' && r.years >= 0)) errors.push(`${at}：司龄须为非负数`);
        break;
      case 'plan_completed':
        break;
      default:
        errors.push(`${at}：未知的规则类型`);
    }
  });
  return errors;
}
