/**
 * Browser tests drive the sandbox page in Debian's headless Chromium (playwright-core): the demo
 * factory on the test database (DATABASE_URL, as the other tests), a pinned simulated day, and a
 * shorter seeded history than npm start so a file starts in seconds. Helpers wait for what a person
 * would see, never for a fixed time.
 */
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { createLogger } from '../../src/logger';
import { startDemoStack, type DemoStack } from '../../src/sandbox/demo-stack';
import { openTestDatabase } from '../helpers/db';

/** Thursday 2026-11-26 10:00 in Shanghai. */
export const TEST_START = new Date('2026-11-26T02:00:00Z');

export interface BrowserSandbox {
  stack: DemoStack;
  browser: Browser;
  page: Page;
  /** Opens the page as a demo member. */
  openAs(userid: string): Promise<void>;
  /** Types a message into the chat and sends it. */
  say(text: string): Promise<void>;
  /** The newest app bubble in the chat (a card or a message) that contains `text`. */
  lastAppMessage(text: string | RegExp): Locator;
  /** The same chat bubble from now on, whatever its card turns into (its message id). */
  pin(message: Locator): Promise<Locator>;
  close(): Promise<void>;
}

export async function startBrowserSandbox(): Promise<BrowserSandbox> {
  const ds = await openTestDatabase();
  const stack = await startDemoStack({ ds, start: TEST_START, historySince: new Date('2026-11-01T00:00:00+08:00'), env: databaseEnv(), logger: createLogger('error') });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.setDefaultTimeout(15_000);
  return {
    stack,
    browser,
    page,
    async openAs(userid) {
      await page.goto(`${stack.pageUrl}?as=${encodeURIComponent(userid)}`);
      await page.locator(`#phone[data-user="${userid}"]`).waitFor();
    },
    async say(text) {
      await page.locator('#text').fill(text);
      await page.locator('#composer button[type=submit]').click();
    },
    lastAppMessage(text) {
      return page.locator('#chat .msg.app').filter({ hasText: text }).last();
    },
    async pin(message) {
      await message.waitFor();
      return page.locator(`#chat .msg[data-id="${await message.getAttribute('data-id')}"]`);
    },
    async close() {
      await browser.close();
      await stack.stop();
    },
  };
}

/** The config's DATABASE_URL must name the same database the test opened (links, CLI-free). */
function databaseEnv(): Record<string, string> {
  const url = process.env.DATABASE_URL;
  return url ? { DATABASE_URL: url } : {};
}
