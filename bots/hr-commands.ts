/** Placeholder: the feature module is being written (issue 4). */
import type { Bot } from '../src/bot/router';

export function hrCommandsBot(_bot: Bot): void {}
