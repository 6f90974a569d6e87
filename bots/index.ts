/** Installs every feature module on the bot, in order: the first match wins. */
import { Bot } from '../src/bot/router';
import { appealDecisionsBot } from './appeal-decisions';
import { alertsBot } from './alerts';
import { appealsBot } from './appeals';
import { contactsBot } from './contacts';
import { exceptionsBot } from './exceptions';
import { helpBot } from './help';
import { surveysBot } from './surveys';
import { hrCommandsBot } from './hr-commands';
import { outboxRetryBot } from './outbox-retry';
import { outcomesBot } from './outcomes';
import { personChoiceBot } from './person-choice';
import { reviewsBot } from './reviews';
import { tagsBot } from './tags';
import { talentBot } from './talent';

export function createBot(): Bot {
  const bot = new Bot();
  contactsBot(bot);
  tagsBot(bot);
  appealsBot(bot);
  appealDecisionsBot(bot);
  exceptionsBot(bot);
  reviewsBot(bot);
  hrCommandsBot(bot);
  alertsBot(bot);
  outcomesBot(bot);
  outboxRetryBot(bot);
  personChoiceBot(bot);
  talentBot(bot);
  surveysBot(bot);
  // help last among commands: its fallback answers whatever nobody else took
  helpBot(bot);
  return bot;
}
