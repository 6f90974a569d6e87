import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../src/data-source';
import { Employee, InboundCallback, OutboxMessage } from '../../src/entities';
import { isMysql, openTestDatabase } from '../helpers/db';

describe('migrations', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDatabase();
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('creates every table and round-trips JSON, booleans and millisecond UTC datetimes', async () => {
    const at = new Date('2026-11-27T09:00:00.123Z');
    await ds.getRepository(Employee).insert({
      userId: 'zhangsan',
      name: '张三',
      mainDepartmentId: 2,
      departmentIds: [2, 3],
      leadsDepartmentIds: [],
      directLeaderIds: ['lisi'],
      position: '质检员',
      status: 1,
      active: true,
      source: 'wecom',
      syncedAt: at,
    });
    const e = await ds.getRepository(Employee).findOneByOrFail({ userId: 'zhangsan' });
    expect(e).toMatchObject({ name: '张三', departmentIds: [2, 3], directLeaderIds: ['lisi'], active: true });
    expect(e.syncedAt.toISOString()).toBe(at.toISOString());
  });

  it('rejects a second row with the same de-duplication key as a unique violation', async () => {
    const row = { dedupeKey: 'msg:1', fromUser: 'u', kind: 'text', payload: '<xml/>', status: 'received' as const, receivedAt: new Date() };
    await ds.getRepository(InboundCallback).insert(row);
    const err = await ds.getRepository(InboundCallback).insert(row).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
  });

  it('keeps outbox dedupe keys unique but allows many without one', async () => {
    const base = { kind: 'message' as const, recipients: 'u', payload: { msgtype: 'text' }, status: 'pending' as const, attempts: 0, nextAttemptAt: new Date(), createdAt: new Date() };
    const repo = ds.getRepository(OutboxMessage);
    await repo.insert({ ...base, dedupeKey: null });
    await repo.insert({ ...base, dedupeKey: null });
    await repo.insert({ ...base, dedupeKey: 'weekly:2026-W48:u' });
    const err = await repo.insert({ ...base, dedupeKey: 'weekly:2026-W48:u' }).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(await repo.count()).toBe(3);
  });

  it('creates every column the entities map', async () => {
    const runner = ds.createQueryRunner();
    try {
      for (const meta of ds.entityMetadatas) {
        const table = await runner.getTable(meta.tableName);
        expect(table?.columns.map((c) => c.name).sort()).toEqual(meta.columns.map((c) => c.databaseName).sort());
      }
    } finally {
      await runner.release();
    }
  });

  // TypeORM's SQLite comparison rebuilds tables over type spellings, so the strict check runs on MariaDB/MySQL.
  (isMysql() ? it : it.skip)('leaves nothing for synchronize to change (MariaDB/MySQL)', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('reverts every migration cleanly and applies them again', async () => {
    for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration();
    expect(await ds.query('SELECT 1 FROM outbox LIMIT 1').catch(() => 'gone')).toBe('gone');
    expect(await ds.query('SELECT 1 FROM metric_records LIMIT 1').catch(() => 'gone')).toBe('gone');
    await ds.runMigrations();
    expect(await ds.query('SELECT COUNT(*) AS n FROM metric_records')).toHaveLength(1);
  });
});
