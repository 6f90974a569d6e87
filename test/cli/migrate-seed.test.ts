/**
 * The first-install path from the shell: `perfbot migrate` → `org sync` → `assign templates`, with
 * no service start in between. The templates assign library metrics, so the library must be in the
 * database by then, or every assigned line would score nothing.
 */
import pino from 'pino';
import { COMMANDS } from '../../src/cli';
import type { Config } from '../../src/config';
import { KPI_LIBRARY } from '../../src/domain/kpi-library';
import { periodOf } from '../../src/domain/periods';
import { MetricAssignment, MetricDefinition } from '../../src/entities';
import { DEMO_ORG } from '../../src/sandbox/demo-org';
import { startSimulator, type Simulator } from '../../src/sandbox/simulator';
import { computeEmployeeScorecard } from '../../src/repositories/scorecards';
import { openTestDatabase, testDatabaseConfig } from '../helpers/db';
import { TEST_WECOM, testConfig } from '../helpers/app';
import { createDataSource } from '../../src/data-source';

describe('perfbot migrate seeds the metric library', () => {
  let sim: Simulator;
  let config: Config;
  let out: string[];
  beforeAll(async () => {
    sim = await startSimulator({ ...TEST_WECOM, org: DEMO_ORG });
    const database = testDatabaseConfig();
    await (await openTestDatabase(database)).destroy(); // a clean, empty database
    config = { ...testConfig(sim.url), database };
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await sim.close();
  });
  beforeEach(() => {
    out = [];
    jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
  });

  it('migrate → org sync → assign templates gives members lines that score', async () => {
    const log = pino({ level: 'silent' });
    expect(await COMMANDS.migrate.run([], config, log)).toBe(0);
    expect(out).toContain(`standard KPI library: ${KPI_LIBRARY.length} metrics added`);
    expect(await COMMANDS['org sync'].run([], config, log)).toBe(0);
    expect(await COMMANDS['assign templates'].run([], config, log)).toBe(0);
    expect(out.at(-1)).toMatch(/^\d+ members assigned \d+ metrics/);

    const ds = await createDataSource(config.database).initialize();
    try {
      const codes = new Set((await ds.getRepository(MetricDefinition).find()).map((m) => m.code));
      const assigned = await ds.getRepository(MetricAssignment).find();
      expect(assigned.length).toBeGreaterThan(0);
      expect(assigned.filter((a) => !codes.has(a.metricCode))).toEqual([]);
      const view = await computeEmployeeScorecard(ds, 'zhaolei', periodOf('month', new Date(), 'Asia/Shanghai'), 'Asia/Shanghai');
      expect(view!.lines.filter((l) => l.kind === 'metric').length).toBeGreaterThan(0);
    } finally {
      await ds.destroy();
    }
    // A second migrate changes nothing and says so.
    out = [];
    expect(await COMMANDS.migrate.run([], config, log)).toBe(0);
    expect(out).toEqual(['database is up to date', 'standard KPI library is installed']);
  });
});
