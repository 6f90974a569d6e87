/** Placeholder: the feature module is being written (issue 4). */
import type { Bot } from '../src/bot/router';

export function tagsBot(_bot: Bot): void {}
