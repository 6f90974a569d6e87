/**
 * Pull connectors: for an ERP/MES that cannot push, poll an HTTP JSON endpoint page by page with a
 * cursor, map each item to a record, and ingest through the same validation and idempotency as
 * the push API. A page that fails validation stops the run and keeps the cursor where it was.
 */
import axios, { AxiosInstance } from 'axios';
import type { DataSource } from 'typeorm';
import { PullConnector, PullFieldMap } from '../entities/pull-connector.entity';
import type { Logger } from '../logger';
import { ingestRecords, RowError } from './records';

export interface PullRunResult {
  pages: number;
  inserted: number;
  /** Records the source sent again with other content: replaced, audited. */
  corrected: number;
  duplicates: number;
  errors: RowError[];
  error?: string;
}

export interface PullContext {
  now: () => Date;
  timeZone: string;
  logger: Logger;
  http?: AxiosInstance;
  maxPages?: number;
  timeoutMs?: number;
}

/** Reads a dotted path ('data.items', 'operator.id') from a JSON value. */
export function readPath(value: unknown, path: string): unknown {
  return path.split('.').filter(Boolean).reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

export function mapItem(item: unknown, map: PullFieldMap, source: string): Record<string, unknown> {
  const raw = (path: string | undefined) => (path ? readPath(item, path) : undefined);
  const value = raw(map.value);
  return {
    userid: toText(raw(map.userid)),
    input: map.fixedInput ?? toText(raw(map.input)),
    value: typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value,
    occurredAt: toText(raw(map.occurredAt)),
    source,
    externalId: toText(raw(map.externalId)),
    ref: toText(raw(map.ref)),
  };
}

function toText(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

export function parseAuthHeader(header: string): Record<string, string> {
  const i = header.indexOf(':');
  return i > 0 ? { [header.slice(0, i).trim()]: header.slice(i + 1).trim() } : {};
}

export async function runPullConnector(ds: DataSource, connector: PullConnector, ctx: PullContext): Promise<PullRunResult> {
  const http = ctx.http ?? axios.create({ timeout: ctx.timeoutMs ?? 15_000 });
  const log = ctx.logger.child({ connector: connector.name });
  const result: PullRunResult = { pages: 0, inserted: 0, corrected: 0, duplicates: 0, errors: [] };
  let cursor = connector.cursor;
  try {
    for (let page = 0; page < (ctx.maxPages ?? 50); page++) {
      const res = await http.get(connector.url, {
        params: cursor ? { [connector.cursorParam]: cursor } : {},
        headers: connector.authHeader ? parseAuthHeader(connector.authHeader) : {},
        validateStatus: () => true,
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status} from the source`);
      const items = readPath(res.data, connector.itemsPath);
      if (!Array.isArray(items)) throw new Error(`the answer has no array at "${connector.itemsPath}"`);
      result.pages++;
      if (items.length > 0) {
        const ingest = await ingestRecords(ds, items.map((i) => mapItem(i, connector.fieldMap, connector.source)), {
          actor: `connector:${connector.name}`,
          now: ctx.now(),
          timeZone: ctx.timeZone,
        });
        if (!ingest.ok) {
          result.errors = ingest.errors;
          throw new Error(`page ${result.pages} rejected: ${ingest.errors.slice(0, 3).map((e) => `row ${e.row} ${e.field}: ${e.message}`).join('; ')}`);
        }
        result.inserted += ingest.inserted;
        result.corrected += ingest.corrected + ingest.voided;
        result.duplicates += ingest.duplicates;
      }
      const next = toText(readPath(res.data, connector.nextCursorPath)) ?? '';
      if (next !== '') cursor = next;
      // The cursor is saved after each stored page, so a failure later does not re-read it.
      await ds.getRepository(PullConnector).update({ id: connector.id }, { cursor });
      if (next === '' || items.length === 0) break;
    }
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
    log.warn({ err: result.error }, 'pull connector run failed; the cursor stays at the last stored page');
  }
  await ds.getRepository(PullConnector).update({ id: connector.id }, { lastRunAt: ctx.now(), lastError: result.error ?? null });
  log.info({ pages: result.pages, inserted: result.inserted, corrected: result.corrected, duplicates: result.duplicates }, 'pull connector run finished');
  return result;
}
