/**
 * The phrases every scorecard view shares (weekly card, 查询 card, H5 page, export), so they say the
 * same thing: configured weights beside the actual shares, 数据不足 with what is missing, the month a
 * week counts in, the 行为分 and what it does, and each approved exception with its effect.
 */
import { behaviourEffectText, formatTagSum } from '../src/domain/behaviour';
import { shortMonthLabel, type AppliedException, type BehaviourPart, type Component, type Scorecard } from '../src/domain/scoring';

const pct = (x: number) => `${Math.round(100 * x * 10) / 10}%`;

/** '权重70%' when the part counts as configured, '权重70%，实占100%' when renormalised, '权重20%，未计入' when missing. */
export function shareText(c: Component, hasTotal: boolean): string {
  const configured = `权重${pct(c.configuredShare)}`;
  if (c.missing || !hasTotal) return `${configured}，未计入`;
  return Math.abs(c.effectiveWeight - c.configuredShare) < 0.0005 ? configured : `${configured}，实占${pct(c.effectiveWeight)}`;
}

/** The total as a sentence: '88.5', '90.6（缺主管评价，已按其余部分折算）', '数据不足（缺自动数据、主管评价）'. */
export function totalText(v: Pick<Scorecard, 'total' | 'totalDisplay' | 'missing' | 'basis'>): string {
  if (v.total === null) return v.missing.length > 0 ? `${v.totalDisplay}（缺${v.missing.join('、')}）` : v.totalDisplay;
  return v.missing.length > 0 ? `${v.totalDisplay}（缺${v.missing.join('、')}，已按其余部分折算）` : v.totalDisplay;
}

/** '本周计入12月（周四所在月）' — null for a month or quarter. */
export function weekMonthText(v: Pick<Scorecard, 'period' | 'scoringMonth'>): string | null {
  if (v.period.kind !== 'week' || !v.scoringMonth) return null;
  return `本周计入${shortMonthLabel(v.scoringMonth)}（周四所在月）`;
}

/** What the 行为分 does to the total: '不计入总分' or '计入总分10%'. */
export function behaviourEffect(b: Pick<BehaviourPart, 'configuredShare'>): string {
  return behaviourEffectText(b.configuredShare);
}

/** '63（基准60，标签合计+3，共3条；不计入总分）'. */
export function behaviourText(b: BehaviourPart): string {
  const tags = b.tagCount > 0 ? `标签合计${formatTagSum(b.tagSum)}，共${b.tagCount}条` : '暂无标签';
  return `${b.display}（基准60，${tags}；${behaviourEffect(b)}）`;
}

/** One exception and what it did: '设备故障：已采用，良品率 98.0→100.0' or '…：未改变得分，…'. */
export function exceptionEffectText(e: AppliedException): string {
  if (e.effect === 'used') {
    const changed = e.lines.filter((l) => l.used).map((l) => `${l.name} ${score(l.withoutException)}→${score(l.withException)}`);
    return `已采用，${changed.join('、')}`;
  }
  return `未改变得分：${e.why ?? ''}`;
}

function score(x: number | null): string {
  return x === null ? '不考核' : (Math.round(x * 10) / 10).toFixed(1);
}
