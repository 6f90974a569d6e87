/**
 * A refusal that answers with more than text: e.g. "which 李 do you mean?" as a card to tap. The
 * router replies with `answer` where a plain UserError would reply with its message.
 */
import { UserError } from '../wecom/errors';
import type { ReplyContent } from './context';

export class AnswerError extends UserError {
  constructor(
    message: string,
    readonly answer: ReplyContent,
  ) {
    super(message);
  }
}
