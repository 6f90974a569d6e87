/** The router: first match wins, args from keys, and the error funnel never leaves a user in silence. */
import { Bot, runRoute, APOLOGY } from '../../src/bot/router';
import type { BaseContext } from '../../src/bot/context';
import { UserError } from '../../src/wecom/errors';
import type { InboundMessage } from '../../src/wecom/inbound';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/metrics';

const text = (content: string): InboundMessage => ({ kind: 'text', toUser: 'c', fromUser: 'u1', createTime: 1, msgId: '1', content });
const tap = (eventKey: string): InboundMessage => ({
  kind: 'event',
  event: 'template_card_event',
  toUser: 'c',
  fromUser: 'u1',
  createTime: 1,
  eventKey,
  taskId: 't1',
  cardType: 'button_interaction',
  responseCode: 'rc1',
  selectedItems: [],
});

function fakeContext(msg: InboundMessage, member = true) {
  const replies: unknown[] = [];
  const ctx = {
    userId: msg.fromUser,
    message: msg,
    employee: member ? ({ userId: 'u1', active: true } as never) : null,
    log: createLogger('silent'),
    reply: async (c: unknown) => {
      replies.push(c);
    },
    services: { outbox: { enqueue: async () => 1 } },
  } as unknown as BaseContext;
  return { ctx, replies };
}

describe('Bot router', () => {
  it('takes the first matching command and passes the match', async () => {
    const seen: string[] = [];
    const bot = new Bot()
      .command(/^表扬\s+(\S+)/, (c) => void seen.push(`first:${c.match[1]}`))
      .command(/^表扬/, () => void seen.push('second'));
    const route = bot.match(text('表扬 张三 主动加班'))!;
    const { ctx } = fakeContext(text('表扬 张三 主动加班'));
    await runRoute(route, ctx, { logger: ctx.log });
    expect(seen).toEqual(['first:张三']);
  });

  it('routes a button by key prefix and splits the rest into args', async () => {
    let args: string[] = [];
    const bot = new Bot().button('tag:praise:', (c) => {
      args = c.args;
    });
    const route = bot.match(tap('tag:praise:zhangsan:7'))!;
    await runRoute(route, fakeContext(tap('tag:praise:zhangsan:7')).ctx, { logger: createLogger('silent') });
    expect(args).toEqual(['zhangsan', '7']);
    expect(bot.match(tap('appeal:start'))).toBeNull();
  });

  it('apologises in Chinese and counts the error when a handler throws', async () => {
    const metrics = createMetrics();
    const bot = new Bot().command(/^坏$/, () => {
      throw new Error('boom');
    });
    const { ctx, replies } = fakeContext(text('坏'));
    expect(await runRoute(bot.match(text('坏'))!, ctx, { logger: ctx.log, metrics })).toBe('failed');
    expect(replies).toEqual([APOLOGY]);
    expect(await metrics.registry.getSingleMetricAsString('perfbot_handler_errors_total')).toMatch(/route="坏\^\$|route=".*"\} 1/);
  });

  it('sends a UserError message as it is, without counting it as a failure', async () => {
    const bot = new Bot().command(/^评价$/, () => {
      throw new UserError('请在命令后写上员工姓名，例如：评价 @张三 4 很好');
    });
    const { ctx, replies } = fakeContext(text('评价'));
    expect(await runRoute(bot.match(text('评价'))!, ctx, { logger: ctx.log })).toBe('refused');
    expect(replies).toEqual(['请在命令后写上员工姓名，例如：评价 @张三 4 很好']);
  });

  it('refuses senders who are not active members unless the route allows them', async () => {
    const ran: string[] = [];
    const bot = new Bot().command(/^a$/, () => void ran.push('a')).command(/^b$/, () => void ran.push('b'), undefined, { allowNonMembers: true });
    const a = fakeContext(text('a'), false);
    expect(await runRoute(bot.match(text('a'))!, a.ctx, { logger: a.ctx.log })).toBe('refused');
    const b = fakeContext(text('b'), false);
    expect(await runRoute(bot.match(text('b'))!, b.ctx, { logger: b.ctx.log })).toBe('ok');
    expect(ran).toEqual(['b']);
    expect(a.replies[0]).toContain('未在通讯录中');
  });

  it('answers unknown text with the fallback but ignores unhandled events', () => {
    const bot = new Bot().fallback(() => undefined);
    expect(bot.match(text('随便说说'))?.kind).toBe('fallback');
    expect(bot.match({ kind: 'event', event: 'enter_agent', toUser: 'c', fromUser: 'u1', createTime: 1, eventKey: '' })).toBeNull();
  });
});
