import pino from 'pino';
import { loadConfig } from '../../src/config';
import { startSandbox } from '../../src/sandbox/sandbox-mode';
import { WeComClient } from '../../src/wecom/client';
import { MemoryTokenStore } from '../../src/wecom/token-store';

describe('sandbox mode', () => {
  it('serves the demo org with the sandbox credentials from config', async () => {
    const config = loadConfig({ SANDBOX_PORT: '0' });
    expect(config.sandbox).toBe(true);
    const logger = pino({ level: 'silent' });
    const sandbox = await startSandbox(config, logger);
    try {
      const client = new WeComClient({ ...config.wecom, apiBase: sandbox.simulator.url, tokenStore: new MemoryTokenStore(), logger });
      const users = await client.listUsers(1);
      expect(users.map((u) => u.name)).toEqual(['张伟', '何萍']);
      sandbox.announce('http://127.0.0.1:9');
      const result = await sandbox.simulator.sendText('lihua', '帮助');
      expect(result.status).toBe(0); // nothing listens on port 9: "no answer", as WeCom would see it
    } finally {
      await sandbox.close();
    }
  });
});
