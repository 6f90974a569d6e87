/** 帮助 (help) and the fallback that lists the commands. */
import { buildFallbackText, buildHelpCard, buildHelpCardAnswered, buildHelpExamplesText, HELP_EXAMPLES_KEY } from '../cards/help-card';
import type { Bot } from '../src/bot/router';

export function helpBot(bot: Bot): void {
  const card = (unique: string) => buildHelpCard(bot.commands(), unique);

  bot.command(
    /^(帮助|help|\?|？|菜单)$/i,
    async (ctx) => {
      await ctx.reply({ card: card(`${ctx.userId}-${ctx.message.msgId}`) });
    },
    { name: '帮助', usage: '帮助', description: '查看可用命令' },
    { allowNonMembers: true },
  );

  bot.button(HELP_EXAMPLES_KEY, async (ctx) => {
    await ctx.updateCard(buildHelpCardAnswered(card(ctx.taskId.replace(/^help-/, ''))));
    await ctx.reply(buildHelpExamplesText(bot.commands()));
  });

  bot.fallback(async (ctx) => {
    await ctx.reply(buildFallbackText(bot.commands()));
  });
}
