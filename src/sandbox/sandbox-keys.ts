/**
 * Per-install sandbox credentials. The published SANDBOX_WECOM keys would let anyone who reaches
 * the port forge callbacks as any member and mint viewer links, so each install makes its own on
 * first start and keeps them in `${dataDir}/sandbox-keys.json` (owner-only). The app, the simulator
 * and the CLI all read this one file, so they keep talking to each other across restarts.
 */
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { deriveLinkSecret, SANDBOX_WECOM, type Config } from '../config';

export const SANDBOX_KEYS_FILE = 'sandbox-keys.json';

export interface SandboxKeys {
  secret: string;
  token: string;
  encodingAESKey: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomAlnum = (n: number) => Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('');

function isKeys(v: unknown): v is SandboxKeys {
  const k = v as Partial<SandboxKeys> | null;
  return (
    typeof k?.secret === 'string' && k.secret.length >= 16 &&
    typeof k.token === 'string' && /^[A-Za-z0-9]{1,32}$/.test(k.token) &&
    typeof k.encodingAESKey === 'string' && /^[A-Za-z0-9]{43}$/.test(k.encodingAESKey)
  );
}

/** The install's keys: read from the data directory, or made and stored there on first use. */
export function loadSandboxKeys(dataDir: string): SandboxKeys {
  const file = path.join(dataDir, SANDBOX_KEYS_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    const fresh: SandboxKeys = { secret: randomAlnum(43), token: randomAlnum(32), encodingAESKey: randomAlnum(43) };
    try {
      // 'wx': when two processes start at once, the first file wins and the other reads it.
      fs.writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const keys: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!isKeys(keys)) throw new Error(`${file} is not a valid sandbox key file; delete it to make new keys`);
  return keys;
}

/** In sandbox mode, the config with this install's keys (and links signed with them, unless PERFBOT_LINK_SECRET is set). */
export function withSandboxKeys(config: Config): Config {
  if (!config.sandbox) return config;
  const keys = loadSandboxKeys(config.dataDir);
  const derivedLinks = config.linkSecret === deriveLinkSecret(SANDBOX_WECOM.secret);
  return {
    ...config,
    wecom: { ...config.wecom, secret: keys.secret, token: keys.token, encodingAESKey: keys.encodingAESKey },
    linkSecret: derivedLinks ? deriveLinkSecret(keys.secret) : config.linkSecret,
  };
}
