/** Installs every feature module on the bot, in order: the first match wins. */
import { Bot } from '../src/bot/router';
import { contactsBot } from './contacts';
import { helpBot } from './help';

export function createBot(): Bot {
  const bot = new Bot();
  contactsBot(bot);
  helpBot(bot);
  return bot;
}
