/**
 * A pull connector against a small fake ERP on loopback that pages with a cursor and checks its
 * auth header, as an ERP's REST endpoint would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { Employee, MetricRecord, PullConnector } from '../../src/entities';
import { runPullConnector } from '../../src/ingest/pull-connector';
import { createLogger } from '../../src/logger';
import { seedKpiLibrary } from '../../src/repositories/metric-library';
import { openTestDatabase } from '../helpers/db';

type Item = { wo: string; operator: { id: string }; qty: string; finished: string };

function fakeErp(pages: Item[][], token: string) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(url.search);
    if (req.headers['x-api-token'] !== token) {
      res.writeHead(401).end('{"error":"unauthorized"}');
      return;
    }
    const page = Number(url.searchParams.get('after') ?? '0');
    const body = { data: { rows: pages[page] ?? [] }, paging: { next: page + 1 < pages.length ? String(page + 1) : '' } };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  return { server, seen };
}

describe('pull connector', () => {
  let ds: DataSource;
  let erp: ReturnType<typeof fakeErp>;
  let url: string;
  const pages: Item[][] = [
    [
      { wo: 'WO-1', operator: { id: 'zhaolei' }, qty: '8', finished: '2026-11-23 10:00' },
      { wo: 'WO-2', operator: { id: 'zhaolei' }, qty: '6', finished: '2026-11-24 11:00' },
    ],
    [{ wo: 'WO-3', operator: { id: 'sunli' }, qty: '7', finished: '2026-11-24 15:30' }],
  ];
  const logger = createLogger('silent');
  const ctx = { now: () => new Date('2026-11-25T02:00:00Z'), timeZone: 'Asia/Shanghai', logger };

  beforeEach(async () => {
    ds = await openTestDatabase();
    await seedKpiLibrary(ds, new Date());
    const base = { mainDepartmentId: 3, departmentIds: [3], leadsDepartmentIds: [], directLeaderIds: ['lihua'], position: '操作工', status: 1, active: true, source: 'wecom' as const, syncedAt: new Date() };
    await ds.getRepository(Employee).insert([{ ...base, userId: 'zhaolei', name: '赵磊' }, { ...base, userId: 'sunli', name: '孙丽' }]);
    erp = fakeErp(pages, 'erp-secret');
    await new Promise<void>((r) => erp.server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(erp.server.address() as AddressInfo).port}/api/work-orders`;
    await ds.getRepository(PullConnector).insert({
      name: 'mes', url, authHeader: 'X-Api-Token: erp-secret', cursorParam: 'after', nextCursorPath: 'paging.next', itemsPath: 'data.rows', cursor: '',
      fieldMap: { userid: 'operator.id', fixedInput: 'completed', value: 'qty', occurredAt: 'finished', externalId: 'wo', ref: 'wo' },
      source: 'MES', schedule: '*/5 * * * *', enabled: true, lastRunAt: null, lastError: null,
    });
  });
  afterEach(async () => {
    erp.server.close();
    await ds.destroy();
  });

  const connector = () => ds.getRepository(PullConnector).findOneByOrFail({ name: 'mes' });

  it('reads every page, stores the records in local time, and remembers the cursor', async () => {
    const r = await runPullConnector(ds, await connector(), ctx);
    expect(r).toMatchObject({ pages: 2, inserted: 3, duplicates: 0 });
    const rows = await ds.getRepository(MetricRecord).find({ order: { externalId: 'ASC' } });
    expect(rows.map((x) => [x.userId, x.input, x.value, x.externalId])).toEqual([
      ['zhaolei', 'completed', 8, 'WO-1'],
      ['zhaolei', 'completed', 6, 'WO-2'],
      ['sunli', 'completed', 7, 'WO-3'],
    ]);
    expect(rows[0].occurredAt.toISOString()).toBe('2026-11-23T02:00:00.000Z'); // 10:00 in Shanghai
    expect((await connector()).cursor).toBe('1');
  });

  it('picks up from the cursor next time and stores nothing twice', async () => {
    await runPullConnector(ds, await connector(), ctx);
    const again = await runPullConnector(ds, await connector(), ctx);
    expect(again).toMatchObject({ inserted: 0, duplicates: 1 });
    expect(erp.seen.at(-1)).toBe('?after=1');
    expect(await ds.getRepository(MetricRecord).count()).toBe(3);
  });

  it('stops at a page with a bad row, stores nothing of it, and keeps the cursor', async () => {
    pages[0].push({ wo: 'WO-X', operator: { id: 'ghost' }, qty: 'abc', finished: '2026-11-24' });
    try {
      const r = await runPullConnector(ds, await connector(), ctx);
      expect(r.inserted).toBe(0);
      expect(r.errors.map((e) => e.field).sort()).toEqual(['value']);
      expect(r.error).toMatch(/rejected/);
      const c = await connector();
      expect(c.cursor).toBe('');
      expect(c.lastError).toMatch(/row 3 value/);
      expect(await ds.getRepository(MetricRecord).count()).toBe(0);
    } finally {
      pages[0].pop();
    }
  });

  it('reports an ERP that refuses the credentials', async () => {
    await ds.getRepository(PullConnector).update({ name: 'mes' }, { authHeader: 'X-Api-Token: wrong' });
    const r = await runPullConnector(ds, await connector(), ctx);
    expect(r.error).toBe('HTTP 401 from the source');
    expect((await connector()).lastError).toBe('HTTP 401 from the source');
  });
});
