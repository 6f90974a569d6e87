import pino from 'pino';
import { loadConfig } from '../../src/config';
import { startSandbox } from '../../src/sandbox/sandbox-mode';
import { WeComClient } from '../../src/wecom/client';
import { MemoryTokenStore } from '../../src/wecom/token-store';

describe('sandbox mode', () => {
  it('serves the demo factory with the sandbox credentials from config', async () => {
    const config = loadConfig({ SANDBOX_PORT: '0' });
    expect(config.sandbox).toBe(true);
    const logger = pino({ level: 'silent' });
    const sandbox = await startSandbox(config, logger);
    try {
      const client = new WeComClient({ ...config.wecom, apiBase: sandbox.simulator.url, tokenStore: new MemoryTokenStore(), logger });
      const hr = await client.listUsers(7);
      expect(hr.map((u) => u.name)).toContain('何萍');
      expect((await client.listUsers(3)).map((u) => u.userid)).toEqual(expect.arrayContaining(['wangqiang', 'lihua', 'zhaolei', 'sunli']));
      sandbox.announce('http://127.0.0.1:9');
      const result = await sandbox.simulator.sendText('lihua', '帮助');
      expect(result.status).toBe(0); // nothing listens on port 9: "no answer", as WeCom would see it
    } finally {
      await sandbox.close();
    }
  });
});
