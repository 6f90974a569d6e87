/**
 * Times every statement a DataSource runs, by kind, without touching src/: wraps the query method
 * of each query runner the driver creates (finds, query builders and transactions all go through
 * one). The time is the driver call: parameter formatting, the round trip and the server's work.
 */
import type { DataSource, QueryRunner } from 'typeorm';

export interface SqlTally {
  kind: string;
  statements: number;
  ms: number;
}

export interface SqlTimer {
  /** Restores the driver and returns the tallies, slowest kind first. */
  stop(): SqlTally[];
}

type QueryFn = (query: string, parameters?: unknown[], useStructuredResult?: boolean) => Promise<unknown>;

export function timeSql(ds: DataSource, classify: (sql: string) => string): SqlTimer {
  const driver = ds.driver;
  const original = driver.createQueryRunner;
  const tallies = new Map<string, SqlTally>();
  // SQLite's driver hands out one cached runner: wrap each runner once, or a statement counts many times.
  const wrapped = new Map<QueryRunner, QueryRunner['query']>();
  driver.createQueryRunner = function (this: typeof driver, ...args: Parameters<typeof original>): QueryRunner {
    const runner = original.apply(this, args);
    if (wrapped.has(runner)) return runner;
    wrapped.set(runner, runner.query);
    const query = runner.query.bind(runner) as QueryFn;
    const timed: QueryFn = async (sql, parameters, structured) => {
      const started = performance.now();
      try {
        return await query(sql, parameters, structured);
      } finally {
        const kind = classify(sql);
        const t = tallies.get(kind) ?? { kind, statements: 0, ms: 0 };
        t.statements++;
        t.ms += performance.now() - started;
        tallies.set(kind, t);
      }
    };
    runner.query = timed as QueryRunner['query'];
    return runner;
  };
  return {
    stop() {
      driver.createQueryRunner = original;
      for (const [runner, query] of wrapped) runner.query = query;
      return [...tallies.values()].sort((a, b) => b.ms - a.ms);
    },
  };
}
