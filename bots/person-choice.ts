/**
 * A tap on "您指的是哪一位？": runs the command the button carries, as if the person had typed it
 * with the account (`查询 @lihua 本月`), so every rule of that command applies unchanged.
 */
import { PICK_PREFIX, readPickKey } from '../cards/person-choice-card';
import type { Bot } from '../src/bot/router';
import type { TextMessage } from '../src/wecom/inbound';
import { UserError } from '../src/wecom/errors';

export function personChoiceBot(bot: Bot): void {
  bot.button(PICK_PREFIX, async (ctx) => {
    const command = readPickKey(ctx.args[0]);
    const text: TextMessage | null = command
      ? { kind: 'text', content: command, toUser: ctx.message.toUser, fromUser: ctx.userId, createTime: ctx.message.createTime, agentId: ctx.message.agentId, msgId: `pick-${ctx.taskId}` }
      : null;
    const route = text ? bot.match(text) : null;
    if (!route || route.kind !== 'command') throw new UserError('这个按钮已失效，请重新发送命令。');
    await ctx.replaceButton('已选择');
    await route.run({ ...ctx, message: text! });
  });
}
