/**
 * The reference the full path is compared with: a bare node:http server that does only the
 * callback's unavoidable work (read the body, parse the envelope, verify the signature, decrypt)
 * and answers an empty 200. No Koa, no router, no database, no dispatch.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CryptoKeys } from '../src/wecom/crypto';
import { decryptMessage, verifySignature } from '../src/wecom/crypto';
import { parseEnvelope } from '../src/wecom/envelope';

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

export async function startBareCallbackServer(keys: CryptoKeys): Promise<BareServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const query = new URL(req.url ?? '/', 'http://bench').searchParams;
        const envelope = parseEnvelope(Buffer.concat(chunks).toString('utf8'));
        verifySignature(
          keys.token,
          query.get('timestamp') ?? '',
          query.get('nonce') ?? '',
          envelope.encrypt,
          query.get('msg_signature') ?? undefined,
        );
        decryptMessage(keys, envelope.encrypt);
        res.writeHead(200, { 'content-length': '0' }).end();
      } catch {
        // Any failure shows up as a non-2xx in the run, which fails the bench.
        res.writeHead(400, { 'content-length': '0' }).end();
      }
    });
  });
  // The same keep-alive as the app's server, so both targets reuse their connections alike.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
