/** API keys for integrations and roles for people. */
import { ApiKey, type ApiScope } from '../entities/api-key.entity';
import { UserRole, type Role } from '../entities/user-role.entity';
import { API_SCOPES, createApiKey } from '../http/auth';
import { type Command, parseOptions, withDatabase } from './command';

export const ACCESS_COMMANDS: Record<string, Command> = {
  'apikey create': {
    usage: 'perfbot apikey create <name> --scopes records:write,…',
    help: `create an API key (scopes: ${API_SCOPES.join(', ')}); the key is shown once`,
    async run(args, config) {
      const { positional, options } = parseOptions(args);
      const name = positional[0];
      const scopes = typeof options.scopes === 'string' ? (options.scopes.split(',').map((s) => s.trim()) as ApiScope[]) : [];
      if (!name || scopes.length === 0) {
        console.error(`usage: ${this.usage}`);
        return 2;
      }
      const { key, id } = await withDatabase(config, (ds) => createApiKey(ds, name, scopes, new Date()));
      console.log(`API key #${id} "${name}" (${scopes.join(', ')}):\n${key}\nStore it now: it is not shown again.`);
      return 0;
    },
  },
  'apikey list': {
    usage: 'perfbot apikey list',
    help: 'list API keys (prefix, scopes, last use)',
    async run(_args, config) {
      const keys = await withDatabase(config, (ds) => ds.getRepository(ApiKey).find({ order: { id: 'ASC' } }));
      for (const k of keys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : `last used ${k.lastUsedAt?.toISOString() ?? 'never'}`;
        console.log(`#${k.id} ${k.name} ${k.prefix}… [${k.scopes.join(', ')}] ${state}`);
      }
      if (keys.length === 0) console.log('no API keys');
      return 0;
    },
  },
  'apikey revoke': {
    usage: 'perfbot apikey revoke <id>',
    help: 'revoke an API key at once',
    async run(args, config) {
      const id = Number(args[0]);
      if (!Number.isInteger(id)) {
        console.error(`usage: ${this.usage}`);
        return 2;
      }
      const res = await withDatabase(config, (ds) => ds.getRepository(ApiKey).update({ id }, { revokedAt: new Date() }));
      console.log(res.affected ? `revoked #${id}` : `no API key #${id}`);
      return res.affected ? 0 : 1;
    },
  },
  'role grant': {
    usage: 'perfbot role grant <hr|admin> <userid>',
    help: 'give a member a role (hr: sees every score and runs HR commands)',
    async run(args, config) {
      const [role, userId] = args as [Role, string];
      if (!['hr', 'admin'].includes(role) || !userId) {
        console.error(`usage: ${this.usage}`);
        return 2;
      }
      await withDatabase(config, (ds) => ds.getRepository(UserRole).upsert({ userId, role, grantedAt: new Date() }, ['userId', 'role']));
      console.log(`${userId} now has the ${role} role`);
      return 0;
    },
  },
  'role revoke': {
    usage: 'perfbot role revoke <hr|admin> <userid>',
    help: 'take a role away',
    async run(args, config) {
      const [role, userId] = args as [Role, string];
      const res = await withDatabase(config, (ds) => ds.getRepository(UserRole).delete({ userId, role }));
      console.log(res.affected ? `${userId} no longer has the ${role} role` : `${userId} did not have the ${role} role`);
      return 0;
    },
  },
};
