/** The period a 成效 message names: a chat phrase (上月, Q3, 2026-11), a range (2024-01..2024-12), or by default the last finished month. */
import { periodOf } from '../domain/periods';
import { parsePeriodPhrase, PERIOD_EXAMPLES } from '../chat/periods';
import { UserError } from '../wecom/errors';
import type { OutcomeSpan } from './measures';
import { parseRange, spanOfPeriod } from './spans';

export function spanFromText(text: string, now: Date, tz: string): OutcomeSpan {
  const t = text.trim();
  if (!t) return spanOfPeriod(periodOf('month', new Date(periodOf('month', now, tz).start.getTime() - 1), tz), tz);
  const phrase = parsePeriodPhrase(t, now, tz);
  const span = phrase ? spanOfPeriod(phrase, tz) : tryRange(t, tz);
  if (span.start > now) throw new UserError(`${span.label}还没有开始。`);
  return span;
}

function tryRange(t: string, tz: string): OutcomeSpan {
  try {
    return parseRange(t, tz);
  } catch {
    throw new UserError(`“${t}”不是期间。可以这样写：上月、本季度、Q3、2026-11、2024-01..2024-12（${PERIOD_EXAMPLES.split('、').slice(0, 4).join('、')}…，不含周）。`);
  }
}
