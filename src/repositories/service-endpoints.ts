/**
 * The sandbox service records where its WeCom simulator listens; CLI commands on the same database
 * read it, so `perfbot job run` reaches the service's simulator whatever port it was started on.
 */
import type { DataSource } from 'typeorm';
import type { WeComConfig } from '../config';
import { ServiceEndpoint } from '../entities';

export const SANDBOX_ENDPOINT = 'wecom_sandbox';

export async function recordEndpoint(ds: DataSource, name: string, url: string, now: Date): Promise<void> {
  await ds.getRepository(ServiceEndpoint).save({ name, url, updatedAt: now });
}

/**
 * The WeCom settings a CLI command should use: in sandbox mode (no credentials) the simulator the
 * service announced, unless WECOM_API_BASE names one explicitly; otherwise the configured ones.
 */
export async function cliWeComConfig(ds: DataSource, config: { sandbox: boolean; wecom: WeComConfig }, env: NodeJS.ProcessEnv = process.env): Promise<WeComConfig> {
  if (!config.sandbox || env.WECOM_API_BASE) return config.wecom;
  const recorded = await ds.getRepository(ServiceEndpoint).findOneBy({ name: SANDBOX_ENDPOINT });
  return recorded ? { ...config.wecom, apiBase: recorded.url } : config.wecom;
}
