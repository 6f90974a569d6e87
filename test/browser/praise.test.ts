/**
 * A newcomer's praise in the browser sandbox: 李华 sends 表扬, taps a person, taps a tag, and the
 * same card turns into "已记录" in place; 赵磊 sees the praise in his own chat.
 */
import { BehaviourTag } from '../../src/entities';
import { startBrowserSandbox, type BrowserSandbox } from './browser-helpers';

describe('browser sandbox: praise in two taps', () => {
  let s: BrowserSandbox;
  beforeAll(async () => {
    s = await startBrowserSandbox();
  }, 120_000);
  afterAll(() => s?.close());

  it('李华 praises 赵磊 with two taps and the card updates in place', async () => {
    const { page } = s;
    await s.openAs('lihua');
    await s.say('表扬');
    const card = s.lastAppMessage('表扬');
    await card.locator('button', { hasText: '赵磊' }).click();
    // Same message element, now the tag step.
    const tag = card.locator('button', { hasText: '主动加班支援' });
    await tag.click();
    await card.locator('.btn.done, .btn', { hasText: '已记录' }).first().waitFor();
    await page.locator('#chat .msg.app').filter({ hasText: '已记录' }).locator('.tag-updated').first().waitFor();
    expect(await card.getAttribute('data-updates')).toBe('2');
    const tags = await s.stack.ds.getRepository(BehaviourTag).findBy({ userId: 'zhaolei', authorId: 'lihua', tag: '主动加班支援' });
    expect(tags.length).toBeGreaterThan(0);

    await s.openAs('zhaolei');
    await s.lastAppMessage('主动加班支援').waitFor();
    await page.locator('#traffic-list li.update').first().waitFor();
  });
});
