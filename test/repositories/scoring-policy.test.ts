/**
 * The scoring rules HR sets (docs/scoring.md §4a, §8, §9): defaults without a row, `perfbot scoring
 * policy` changing them with an audit row, invalid values refused — on the test database (SQLite or
 * MariaDB), through the CLI command's own connection as the CLI process has.
 */
import { SCORING_COMMANDS } from '../../src/cli/scoring-commands';
import type { Config } from '../../src/config';
import { AuditEntry } from '../../src/entities';
import { loadScoringPolicy } from '../../src/repositories/scoring-policy';
import { startHarness, type Harness } from '../helpers/app';
import { isMysql } from '../helpers/db';

describe('perfbot scoring policy', () => {
  let h: Harness;
  let out: string[];
  let config: Config;
  beforeAll(async () => {
    h = await startHarness();
    const database: Config['database'] = isMysql() ? { type: 'mysql', url: process.env.DATABASE_URL! } : { type: 'sqlite', file: String(h.ds.options.database) };
    config = { ...h.config, database };
  });
  beforeEach(() => {
    out = [];
    jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    jest.spyOn(console, 'error').mockImplementation((line: unknown) => void out.push(String(line)));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await h.close();
  });
  const run = (...args: string[]) => SCORING_COMMANDS['scoring policy'].run(args, config, h.app.logger);

  it('starts from the documented defaults: 70%, key results as progress in weeks, 行为分 not in the total', async () => {
    expect(await loadScoringPolicy(h.ds)).toEqual({ minBasisShare: 0.7, keyResultsInWeeks: 'progress', behaviourWeight: 0 });
    expect(await run()).toBe(0);
    expect(out.join('\n')).toContain('min basis: 70%');
  });

  it('changes the rules, keeps what was not named, and audits before and after', async () => {
    expect(await run('--min-basis', '60%', '--behaviour-weight', '10')).toBe(0);
    expect(await loadScoringPolicy(h.ds)).toEqual({ minBasisShare: 0.6, keyResultsInWeeks: 'progress', behaviourWeight: 0.1 });
    expect(await run('--kr-in-weeks', 'weighted')).toBe(0);
    expect(await loadScoringPolicy(h.ds)).toEqual({ minBasisShare: 0.6, keyResultsInWeeks: 'weighted', behaviourWeight: 0.1 });
    const audit = await h.ds.getRepository(AuditEntry).find({ where: { action: 'scoring_policy.update' }, order: { id: 'ASC' } });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      actor: 'cli',
      before: { minBasisShare: 0.7, keyResultsInWeeks: 'progress', behaviourWeight: 0 },
      after: { minBasisShare: 0.6, keyResultsInWeeks: 'progress', behaviourWeight: 0.1 },
    });
  });

  it('refuses values outside the rules and changes nothing', async () => {
    expect(await run('--behaviour-weight', '80%')).toBe(2);
    expect(out.join('\n')).toContain('行为分权重必须在 0 到 50% 之间');
    expect(await run('--kr-in-weeks', 'sometimes')).toBe(2);
    expect(await run('--min-basis', 'lots')).toBe(2);
    expect((await loadScoringPolicy(h.ds)).behaviourWeight).toBe(0.1);
    expect(await h.ds.getRepository(AuditEntry).countBy({ action: 'scoring_policy.update' })).toBe(2);
  });
});
