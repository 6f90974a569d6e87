/** The company's scoring rules (docs/scoring.md §4a, §8, §9): read for every scoring pass, set by HR. */
import type { DataSource } from 'typeorm';
import { writeAudit } from '../audit';
import { DEFAULT_POLICY, validatePolicy, type ScoringPolicy } from '../domain/scoring';
import { ScoringPolicyRow } from '../entities';

const ROW_ID = 1;

export async function loadScoringPolicy(ds: DataSource): Promise<ScoringPolicy> {
  const row = await ds.getRepository(ScoringPolicyRow).findOneBy({ id: ROW_ID });
  if (!row) return { ...DEFAULT_POLICY };
  return { minBasisShare: row.minBasisShare, keyResultsInWeeks: row.keyResultsInWeeks, behaviourWeight: row.behaviourWeight };
}

/** Changes some of the rules (validated), with an audit row saying before and after. */
export async function saveScoringPolicy(ds: DataSource, change: Partial<ScoringPolicy>, actor: string, now: Date): Promise<ScoringPolicy> {
  return ds.transaction(async (m) => {
    const before = await loadScoringPolicy(m.connection);
    const after = validatePolicy({ ...before, ...change });
    await m.getRepository(ScoringPolicyRow).save({ id: ROW_ID, ...after, updatedBy: actor, updatedAt: now });
    await writeAudit(m, { actor, action: 'scoring_policy.update', entity: 'scoring_policy', entityId: ROW_ID, before, after, reason: '计分规则调整' }, now);
    return after;
  });
}
