/** A development plan (IDP) from a box's default action: goal, actions with due dates. Pure. */
import { formatLocal, parsePeriod, periodOf } from '../domain/periods';
import type { PlanAction } from '../entities/development-plan.entity';
import type { BoxDefinition } from './boxes';

const ACTION_KIND: Record<string, PlanAction['kind']> = {
  hh: 'mentor', mh: 'rotation', lh: 'improvement', hm: 'rotation', mm: 'course', lm: 'talk', hl: 'certification', ml: 'course', ll: 'improvement',
};

/** The plan runs through the quarter after the reviewed one; a check-in every month of it. */
export function planFromBox(box: BoxDefinition, quarterKey: string, timeZone: string): { goal: string; actions: PlanAction[]; dueAt: Date } {
  const reviewed = parsePeriod(quarterKey, timeZone);
  const next = periodOf('quarter', reviewed.end, timeZone);
  const lastDay = formatLocal(new Date(next.end.getTime() - 1), timeZone).slice(0, 10);
  const months: string[] = [];
  for (let m = periodOf('month', next.start, timeZone); m.start < next.end; m = periodOf('month', m.end, timeZone)) {
    months.push(formatLocal(new Date(m.end.getTime() - 1), timeZone).slice(0, 10));
  }
  return {
    goal: `${box.name}：${box.action}`,
    actions: [
      { kind: ACTION_KIND[box.code] ?? 'talk', title: box.action, due: lastDay },
      ...months.map((due, i): PlanAction => ({ kind: 'talk', title: `第 ${i + 1} 个月跟踪面谈`, due })),
    ],
    dueAt: new Date(next.end.getTime() - 1),
  };
}
