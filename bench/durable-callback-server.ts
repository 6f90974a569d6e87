/**
 * The durable floor: the bare reference plus the one write an ack cannot do without, the
 * callback's dedupe row, by a prepared INSERT straight on the driver (better-sqlite3's prepared
 * statement, or mysql2's execute). Parsing the plaintext for its MsgId is included: the key needs it.
 * Same database as the full path (a fresh SQLite file, or DATABASE_URL's tables recreated).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { preparedInsert, sqlDatetime } from '../src/bot/callback-queue';
import type { CryptoKeys } from '../src/wecom/crypto';
import { decryptMessage, verifySignature } from '../src/wecom/crypto';
import { dedupeKey, parseEnvelope, parseInbound } from '../src/wecom/envelope';
import { benchDatabaseConfig, describeDatabase, openBenchDatabase } from './full-callback-app';

const INSERT =
  'INSERT INTO inbound_callbacks (dedupe_key, from_user, kind, payload, status, received_at) VALUES (?, ?, ?, ?, ?, ?)';

export interface DurableServer {
  url: string;
  database: string;
  recorded(): Promise<number>;
  close(): Promise<void>;
}

export async function startDurableCallbackServer(keys: CryptoKeys): Promise<DurableServer> {
  const { database, cleanup } = benchDatabaseConfig();
  const ds = await openBenchDatabase(database);
  const insert = preparedInsert(ds, INSERT);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const query = new URL(req.url ?? '/', 'http://bench').searchParams;
        const envelope = parseEnvelope(Buffer.concat(chunks).toString('utf8'));
        verifySignature(keys.token, query.get('timestamp') ?? '', query.get('nonce') ?? '', envelope.encrypt, query.get('msg_signature') ?? undefined);
        const plaintext = decryptMessage(keys, envelope.encrypt);
        const msg = parseInbound(plaintext);
        insert([dedupeKey(msg), msg.fromUser, msg.kind, plaintext, 'done', sqlDatetime(new Date())]).then(
          () => res.writeHead(200, { 'content-length': '0' }).end(),
          () => res.writeHead(500, { 'content-length': '0' }).end(),
        );
      } catch {
        res.writeHead(400, { 'content-length': '0' }).end();
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    database: await describeDatabase(ds, database),
    recorded: async () => Number(((await ds.query('SELECT COUNT(*) AS n FROM inbound_callbacks')) as Array<{ n: number }>)[0].n),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await ds.destroy();
      cleanup();
    },
  };
}
