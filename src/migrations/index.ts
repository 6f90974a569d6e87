import { Foundation1764316800000 } from './1764316800000-foundation';
import { PerformanceCore1764403200000 } from './1764403200000-performance-core';
import { ChatFlows1764489600000 } from './1764489600000-chat-flows';
import { TagDrafts1764576000000 } from './1764576000000-tag-drafts';
import { JobRuns1764662400000 } from './1764662400000-job-runs';
import { CalendarWeights1764748800000 } from './1764748800000-calendar-weights';
import { EffectiveDating1764835200000 } from './1764835200000-effective-dating';
import { ScoringPolicy1764921600000 } from './1764921600000-scoring-policy';
import { CallbackQueue1765094400000 } from './1765094400000-callback-queue';
import { OutboxFaults1765180800000 } from './1765180800000-outbox-faults';
import { AppealOutcomes1765267200000 } from './1765267200000-appeal-outcomes';
import { TalentReview1765440000000 } from './1765440000000-talent-review';
import { Alerts1765526400000 } from './1765526400000-alerts';
import { Surveys1766100000000 } from './1766100000000-surveys';
import { Outcomes1766000000000 } from './1766000000000-outcomes';
import { MetricRecordsMonthIndex1766300000000 } from './1766300000000-metric-records-month-index';

/** Every migration, in order. A schema change adds one here; none is ever edited after it lands. */
export const MIGRATIONS = [
  Foundation1764316800000,
  PerformanceCore1764403200000,
  ChatFlows1764489600000,
  TagDrafts1764576000000,
  JobRuns1764662400000,
  CalendarWeights1764748800000,
  EffectiveDating1764835200000,
  ScoringPolicy1764921600000,
  CallbackQueue1765094400000,
  OutboxFaults1765180800000,
  AppealOutcomes1765267200000,
  TalentReview1765440000000,
  Alerts1765526400000,
  Surveys1766100000000,
  Outcomes1766000000000,
  MetricRecordsMonthIndex1766300000000,
];
