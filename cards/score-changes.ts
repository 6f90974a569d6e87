/**
 * The "published score changed" note on scorecard cards: one short line ahead of the metric lines,
 * e.g. "⚠ 成绩变动：11月第4周已发布的总分 85.0→83.2（迟到数据 2 条）". Kept apart from the card
 * builders so they only ask for the room it leaves.
 */
import { changeSummary, type ScoreChange } from '../src/domain/published';
import { clipText } from './review-keys';

/** The longest note (characters); the detail page lists every change in full. */
export const CHANGE_NOTE_MAX = 70;

export function changeNote(changes: ScoreChange[] | undefined): string | null {
  const summary = changeSummary(changes ?? []);
  return summary ? clipText(`⚠ 成绩变动：${summary}`, CHANGE_NOTE_MAX) : null;
}

/** Characters the note takes ahead of the lines (with its line break); 0 without changes. */
export function changeNoteRoom(changes: ScoreChange[] | undefined): number {
  const note = changeNote(changes);
  return note ? [...note].length + 1 : 0;
}

/** The note, then the card's lines (fitted into the room the note leaves). */
export function withChangeNote(changes: ScoreChange[] | undefined, lines: string): string {
  const note = changeNote(changes);
  return note ? `${note}\n${lines}` : lines;
}
