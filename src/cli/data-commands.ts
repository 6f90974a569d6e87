/** Data in: pull connectors, and role templates that assign the standard metrics to positions. */
import { PullConnector, type PullFieldMap } from '../entities/pull-connector.entity';
import { runPullConnector } from '../ingest/pull-connector';
import { applyRoleTemplates } from '../repositories/assignments';
import { type Command, parseOptions, withDatabase } from './command';

export const DATA_COMMANDS: Record<string, Command> = {
  'connector add': {
    usage: 'perfbot connector add <name> --url URL --source MES --map JSON [--auth "Header: value"] [--items items] [--next next_cursor] [--cursor-param cursor] [--schedule "*/5 * * * *"]',
    help: 'register an HTTP JSON source to poll (map: {"userid":"…","input":"…"|"fixedInput":"…","value":"…","occurredAt":"…","externalId":"…","ref":"…"})',
    async run(args, config) {
      const { positional, options: o } = parseOptions(args);
      let map: PullFieldMap;
      try {
        map = JSON.parse(String(o.map)) as PullFieldMap;
      } catch {
        console.error('--map must be JSON, e.g. {"userid":"operator","fixedInput":"completed","value":"qty","occurredAt":"finished_at","externalId":"wo_no"}');
        return 2;
      }
      const missing = (['userid', 'value', 'occurredAt', 'externalId'] as const).filter((k) => !map[k]);
      if (!map.input && !map.fixedInput) missing.push('input' as never);
      if (!positional[0] || typeof o.url !== 'string' || typeof o.source !== 'string' || missing.length > 0) {
        console.error(`usage: ${this.usage}${missing.length ? `\nmap lacks: ${missing.join(', ')}` : ''}`);
        return 2;
      }
      const str = (v: string | true | undefined, d: string) => (typeof v === 'string' ? v : d);
      await withDatabase(config, (ds) =>
        ds.getRepository(PullConnector).insert({
          name: positional[0], url: o.url as string, source: o.source as string, fieldMap: map, authHeader: str(o.auth, ''),
          itemsPath: str(o.items, 'items'), nextCursorPath: str(o.next, 'next_cursor'), cursorParam: str(o['cursor-param'], 'cursor'),
          schedule: str(o.schedule, '*/5 * * * *'), cursor: '', enabled: true, lastRunAt: null, lastError: null,
        }),
      );
      console.log(`connector "${positional[0]}" added; the service polls it on its schedule (perfbot connector run ${positional[0]} runs it now)`);
      return 0;
    },
  },
  'connector run': {
    usage: 'perfbot connector run <name>',
    help: 'poll a connector now',
    async run(args, config, log) {
      return withDatabase(config, async (ds) => {
        const connector = await ds.getRepository(PullConnector).findOneBy({ name: args[0] ?? '' });
        if (!connector) {
          console.error(`no connector named "${args[0] ?? ''}"`);
          return 1;
        }
        const r = await runPullConnector(ds, connector, { now: () => new Date(), timeZone: config.timezone, logger: log });
        console.log(`${r.pages} page(s): ${r.inserted} new records, ${r.corrected} corrected, ${r.duplicates} already stored${r.error ? `\nstopped: ${r.error}` : ''}`);
        return r.error ? 1 : 0;
      });
    },
  },
  'connector list': {
    usage: 'perfbot connector list',
    help: 'list pull connectors with their cursor and last run',
    async run(_args, config) {
      const rows = await withDatabase(config, (ds) => ds.getRepository(PullConnector).find({ order: { id: 'ASC' } }));
      for (const c of rows) {
        console.log(`${c.name} ${c.enabled ? 'enabled' : 'disabled'} ${c.schedule} ${c.url} cursor=${c.cursor || '-'} last=${c.lastRunAt?.toISOString() ?? 'never'}${c.lastError ? ` error: ${c.lastError}` : ''}`);
      }
      if (rows.length === 0) console.log('no connectors');
      return 0;
    },
  },
  'assign templates': {
    usage: 'perfbot assign templates [--dry-run]',
    help: 'give members without metrics the standard metrics of their position (质检员, 操作工, …)',
    async run(args, config) {
      const { options } = parseOptions(args);
      const r = await withDatabase(config, (ds) => applyRoleTemplates(ds, { actor: 'cli', now: new Date(), dryRun: options['dry-run'] === true }));
      console.log(`${options['dry-run'] ? '(dry run) ' : ''}${r.assigned} members assigned ${r.rows} metrics; ${r.skipped} already had metrics; ${r.unmatched.length} positions without a template${r.unmatched.length ? `: ${r.unmatched.join('、')}` : ''}`);
      return 0;
    },
  },
};
