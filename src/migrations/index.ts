import { Foundation1764316800000 } from './1764316800000-foundation';
import { PerformanceCore1764403200000 } from './1764403200000-performance-core';
import { ChatFlows1764489600000 } from './1764489600000-chat-flows';
import { TagDrafts1764576000000 } from './1764576000000-tag-drafts';
import { JobRuns1764662400000 } from './1764662400000-job-runs';
import { ScoringPolicy1764921600000 } from './1764921600000-scoring-policy';

/** Every migration, in order. A schema change adds one here; none is ever edited after it lands. */
export const MIGRATIONS = [Foundation1764316800000, PerformanceCore1764403200000, ChatFlows1764489600000, TagDrafts1764576000000, JobRuns1764662400000, ScoringPolicy1764921600000];
