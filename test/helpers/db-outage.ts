/**
 * A database that a test can take away. MariaDB: the app connects through a TCP proxy on loopback
 * that the test cuts (connections dropped, new ones refused) or freezes (bytes held, queries hang);
 * the machine's real MariaDB is never touched. SQLite: the one query runner of the DataSource is
 * wrapped at its edge, failing every query while cut (as a vanished file would) or holding it while
 * frozen; statements prepared on the connection directly fail too.
 */
import net from 'node:net';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/data-source';
import { isMysql, openTestDatabase, testDatabaseConfig } from './db';

export interface DbOutage {
  ds: DataSource;
  /** Every query fails (connection refused / I/O error) until restore(). */
  cut(): void;
  /** Every query hangs until restore(). */
  freeze(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function openOutageDatabase(): Promise<DbOutage> {
  return isMysql() ? openMysqlBehindProxy() : openSqliteWithSwitch();
}

async function openSqliteWithSwitch(): Promise<DbOutage> {
  const ds = await openTestDatabase();
  let mode: 'up' | 'cut' | 'frozen' = 'up';
  let thaw: () => void = () => undefined;
  let thawed = Promise.resolve();
  const ioError = () => Object.assign(new Error('SQLITE_IOERR: disk I/O error (database file unavailable: injected outage)'), { code: 'SQLITE_IOERR' });
  const runner = ds.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  (runner as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
    while (mode !== 'up') {
      if (mode === 'cut') throw ioError();
      await thawed;
    }
    return query(...args);
  };
  // The callback ack path writes through a statement prepared on the driver's connection itself
  // (src/bot/callback-queue.ts), past the query runner: fail those statements too, where a real
  // I/O error would surface. A synchronous driver cannot hang, so frozen there means what a locked
  // SQLite answers after its busy time-out.
  const connection = (ds.driver as unknown as { databaseConnection: { prepare(sql: string): object } }).databaseConnection;
  const prepare = connection.prepare.bind(connection);
  connection.prepare = (sql: string) => {
    const stmt = prepare(sql);
    return new Proxy(stmt, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        if (!['run', 'get', 'all', 'iterate'].includes(String(prop))) return value.bind(target);
        return (...args: unknown[]) => {
          if (mode === 'cut') throw ioError();
          if (mode === 'frozen') throw Object.assign(new Error('SQLITE_BUSY: database is locked (injected outage)'), { code: 'SQLITE_BUSY' });
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  };
  return {
    ds,
    cut: () => {
      mode = 'cut';
      thaw();
    },
    freeze: () => {
      mode = 'frozen';
      thawed = new Promise((resolve) => (thaw = resolve));
    },
    restore: () => {
      mode = 'up';
      thaw();
    },
    close: () => ds.destroy(),
  };
}

async function openMysqlBehindProxy(): Promise<DbOutage> {
  // Migrate directly, then let the app talk only through the proxy.
  await (await openTestDatabase()).destroy();
  const real = testDatabaseConfig();
  if (real.type !== 'mysql') throw new Error('unreachable');
  const target = new URL(real.url.replace(/^mariadb:/, 'mysql:'));
  const proxy = new TcpProxy(target.hostname, Number(target.port || 3306));
  const port = await proxy.listen();
  const viaProxy = new URL(target);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(port);
  const ds = createDataSource({ type: 'mysql', url: real.url.startsWith('mariadb:') ? viaProxy.toString().replace(/^mysql:/, 'mariadb:') : viaProxy.toString() });
  await ds.initialize();
  return {
    ds,
    cut: () => proxy.setMode('cut'),
    freeze: () => proxy.setMode('frozen'),
    restore: () => proxy.setMode('up'),
    close: async () => {
      proxy.setMode('up');
      await ds.destroy().catch(() => undefined);
      await proxy.close();
    },
  };
}

class TcpProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket; flush: () => void }>();
  private mode: 'up' | 'cut' | 'frozen' = 'up';

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    this.server = net.createServer((client) => this.accept(client));
  }

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as net.AddressInfo).port)));
  }

  setMode(mode: 'up' | 'cut' | 'frozen'): void {
    this.mode = mode;
    for (const pair of this.pairs) {
      if (mode === 'cut') {
        pair.client.destroy();
        pair.upstream.destroy();
      } else if (mode === 'up') {
        pair.flush();
      }
    }
  }

  private accept(client: net.Socket): void {
    if (this.mode === 'cut') return void client.destroy();
    const upstream = net.connect(this.port, this.host);
    // Bytes are held, not forwarded, while frozen: both sides see a connection that says nothing.
    const held: Array<[net.Socket, Buffer]> = [];
    const forward = (to: net.Socket) => (chunk: Buffer) => {
      if (this.mode === 'frozen') held.push([to, chunk]);
      else to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const flush = () => {
      for (const [to, chunk] of held.splice(0)) to.write(chunk);
    };
    const pair = { client, upstream, flush };
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }

  close(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
