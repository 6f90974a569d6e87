import { ConfigError, DEFAULT_WECOM_API_BASE, loadConfig, SANDBOX_WECOM } from '../../src/config';

const creds = {
  WECOM_CORP_ID: 'wwcorp',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 's',
  WECOM_TOKEN: 'tok',
  WECOM_ENCODING_AES_KEY: 'a'.repeat(43),
};

describe('loadConfig', () => {
  it('runs in sandbox mode on SQLite under ./data with nothing set', () => {
    const c = loadConfig({});
    expect(c.sandbox).toBe(true);
    expect(c.wecom.corpId).toBe(SANDBOX_WECOM.corpId);
    expect(c.wecom.apiBase).toBe('http://127.0.0.1:3001');
    expect(c.database).toEqual({ type: 'sqlite', file: expect.stringMatching(/data[/\\]perfbot\.sqlite$/) });
    expect(c).toMatchObject({ port: 3000, timezone: 'Asia/Shanghai', callbackMaxSkewS: 300 });
  });

  it('uses the public WeCom host and MySQL when configured', () => {
    const c = loadConfig({ ...creds, DATABASE_URL: 'mariadb://u:p@db:3306/perfbot', WECOM_CALLBACK_MAX_SKEW_S: '0' });
    expect(c.sandbox).toBe(false);
    expect(c.wecom.apiBase).toBe(DEFAULT_WECOM_API_BASE);
    expect(c.database).toEqual({ type: 'mysql', url: 'mariadb://u:p@db:3306/perfbot' });
    expect(c.callbackMaxSkewS).toBe(0);
  });

  it.each([
    [{ ...creds, WECOM_ENCODING_AES_KEY: 'short' }, 'WECOM_ENCODING_AES_KEY must be 43 letters or digits'],
    [{ ...creds, WECOM_AGENT_ID: 'abc' }, 'WECOM_AGENT_ID must be a number'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535'],
    [{ PERFBOT_TIMEZONE: 'Mars/Olympus' }, 'PERFBOT_TIMEZONE must be an IANA time zone'],
    [{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL must start with mysql://'],
    [{ WECOM_CORP_ID: 'wwcorp' }, 'WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN, WECOM_ENCODING_AES_KEY must be set too'],
    [{ PUBLIC_URL: 'perfbot.example.com' }, 'PUBLIC_URL must be an http(s) URL'],
  ])('names the bad variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
