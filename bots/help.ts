/**
 * 帮助 (help) for this reader, and the fallback that suggests the command a message most likely
 * meant (查分 → 查询, 表杨 → 表扬), with the reader's own example.
 */
import { buildFallbackText, buildHelpMessages, commandsFor, HELP_EXAMPLES_KEY } from '../cards/help-card';
import type { BaseContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { suggestCommand } from '../src/chat/suggest';
import { loadHelpReader } from '../src/repositories/help-reader';

export function helpBot(bot: Bot): void {
  const sendHelp = async (ctx: BaseContext) => {
    const reader = await loadHelpReader(ctx.ds, ctx.services.config, ctx.userId, ctx.employee);
    for (const markdown of buildHelpMessages(reader, bot.commands())) await ctx.reply({ markdown });
  };

  bot.command(/^(帮助|help|\?|？|菜单|命令)$/i, sendHelp, { name: '帮助', usage: '帮助', description: '查看您可以使用的命令和示例' }, { allowNonMembers: true });

  bot.button(HELP_EXAMPLES_KEY, async (ctx) => {
    await ctx.replaceButton('已发送示例');
    await sendHelp(ctx);
  });

  bot.fallback(async (ctx) => {
    const said = ctx.message.kind === 'text' ? ctx.message.content : '';
    const reader = await loadHelpReader(ctx.ds, ctx.services.config, ctx.userId, ctx.employee);
    const commands = bot.commands();
    // Only commands this reader may use are suggested (an employee is not pointed to 排行).
    const suggestion = said ? suggestCommand(said, commandsFor(reader, commands)) : null;
    ctx.log.info({ suggestion: suggestion?.command ?? null }, 'message not understood');
    await ctx.reply(buildFallbackText(reader, commands, said, suggestion?.command ?? null));
  });
}
