/**
 * Anonymous by construction: after a round is answered through WeCom traffic, no stored row (any
 * table, every column, the inbound callback queue, outbox, audit log and conversations included)
 * and no log line ties a member to their answer; and swapping who gave which answer leaves the
 * whole database identical, so no query, join, id, row order or timestamp can tell them apart.
 */
import { ALL_OPTION_IDS, SCALE_OPTIONS } from '../../src/surveys/templates';
import { cellText, dumpAll, ROUND_ANSWERS, startSurveys, type SurveyHarness } from './survey-helpers';

const L = (n: number) => `likert_${n}`;
const ANSWERERS = ROUND_ANSWERS.map(([u]) => u);
const mentions = (text: string, userId: string) => new RegExp(`(?<![A-Za-z0-9_-])${userId}(?![A-Za-z0-9_-])`).test(text);
const LIKERT_IDS = SCALE_OPTIONS.agree5.map((o) => o.id);

/** A row or line singles out an answer when it names some options but not the whole card, or marks one as chosen. */
function singlesOutAnswer(text: string): boolean {
  const named = ALL_OPTION_IDS.filter((id) => text.includes(id));
  const wholeCard = LIKERT_IDS.every((id) => text.includes(id));
  return (named.length > 0 && !wholeCard) || /"is_checked":\s*true/.test(text) || /SelectedItem|OptionId/.test(text);
}

type Dump = Record<string, Array<Record<string, unknown>>>;

/**
 * Wall-clock values unrelated to the survey and different between any two runs: the rules the
 * alerts migration seeds (stamped with the migration's real time) and the outbox rate limiter's slot.
 */
const WALL_CLOCK: Record<string, string[]> = { alert_rules: ['updated_at'], outbox_rate: ['next_slot_ms'] };

async function runRound(answers: Array<[string, number]>): Promise<{ h: SurveyHarness; dump: Dump }> {
  const h = await startSurveys();
  await h.say('heping', '调查 发起 公平感');
  for (const [user, value] of answers) await h.answer(user, L(value));
  await h.answer('p1', L(2)); // a refused second answer leaves no trace either
  await h.say('heping', '调查 结束 公平感');
  await h.say('wangqiang', '调查 结果');
  const tables = await dumpAll(h.ds);
  for (const [table, columns] of Object.entries(WALL_CLOCK)) for (const row of tables[table] ?? []) for (const c of columns) row[c] = 'wall-clock';
  const text = normalise(JSON.stringify(tables, (_k, v: unknown) => (v instanceof Date ? v.toISOString() : v)));
  return { h, dump: JSON.parse(text) as Dump };
}

/** Cells that differ, as table[row].column: a − b. */
function differences(a: Dump, b: Dump): string[] {
  const out: string[] = [];
  for (const table of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const ra = a[table] ?? [];
    const rb = b[table] ?? [];
    if (ra.length !== rb.length) out.push(`${table}: ${ra.length} rows vs ${rb.length}`);
    for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
      for (const c of new Set([...Object.keys(ra[i]), ...Object.keys(rb[i])])) {
        if (JSON.stringify(ra[i][c]) !== JSON.stringify(rb[i][c])) out.push(`${table}[${i}].${c}: ${JSON.stringify(ra[i][c])?.slice(0, 200)} vs ${JSON.stringify(rb[i][c])?.slice(0, 200)}`);
      }
    }
  }
  return out;
}

/**
 * Random values (task ids, response codes, msgids, tokens, claim ids, and the reply keys hashed
 * from a tap's callback key, which holds the random task id) become R1, R2 … in order of first appearance.
 */
function normalise(text: string): string {
  const seen = new Map<string, string>();
  const name = (s: string) => {
    if (!seen.has(s)) seen.set(s, `R${seen.size + 1}`);
    return seen.get(s)!;
  };
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, name)
    .replace(/survey-[a-z0-9]+-[0-9a-f]{12}/g, name)
    .replace(/cb:[0-9a-f]{24}/g, name)
    .replace(/[A-Za-z0-9_-]{40,}/g, name);
}

/** The same people answer in the same order, but each group's answers are handed round among its members. */
function rotateWithinGroups(answers: Array<[string, number]>): Array<[string, number]> {
  const groupOf = (u: string) => (u === 'wangqiang' || u.startsWith('p') ? 'p' : u === 'zhengyu' || u.startsWith('w') ? 'w' : 'q');
  const out: Array<[string, number]> = [];
  for (const g of ['p', 'w', 'q']) {
    const members = answers.filter(([u]) => groupOf(u) === g);
    members.forEach(([u], i) => out.push([u, members[(i + 1) % members.length][1]]));
  }
  const order = new Map(answers.map(([u], i) => [u, i]));
  return out.sort((a, b) => order.get(a[0])! - order.get(b[0])!);
}

describe('survey anonymity', () => {
  it('no stored row or log line ties an answerer to their answer', async () => {
    const { h } = await runRound(ROUND_ANSWERS);
    try {
      const tables = await dumpAll(h.ds);
      let rowsNamingAnswerers = 0;
      for (const [table, rows] of Object.entries(tables)) {
        for (const row of rows) {
          const text = Object.values(row).map(cellText).join('\u0001');
          const who = ANSWERERS.filter((u) => mentions(text, u));
          if (who.length === 0) continue;
          rowsNamingAnswerers++;
          if (singlesOutAnswer(text)) throw new Error(`${table} row names ${who.join(',')} with an answer: ${text.slice(0, 400)}`);
        }
      }
      // The scan saw the places a tap leaves a trace: the inbound queue, participants, outbox replies.
      expect(rowsNamingAnswerers).toBeGreaterThan(ANSWERERS.length * 3);
      expect(tables.inbound_callbacks.filter((r) => String(r.kind) === 'event:template_card_event')).toHaveLength(ANSWERERS.length + 1);

      // Who answered and what was answered share nothing but the round and the group; neither has an id, time or sequence per answer.
      expect(Object.keys(tables.survey_participants[0]).filter((c) => c !== '_rowid_').sort()).toEqual(['answered', 'group_key', 'survey_id', 'user_id']);
      expect(Object.keys(tables.survey_tallies[0]).filter((c) => c !== '_rowid_').sort()).toEqual(['group_key', 'n', 'survey_id', 'value']);
      // Participants were written at launch in user-id order, not in the order people answered.
      const order = tables.survey_participants.map((r) => String(r.user_id));
      expect(order).toEqual([...order].sort());
      expect(order).toHaveLength(24);

      for (const line of h.rawLogs) {
        if (ANSWERERS.some((u) => mentions(line, u)) && singlesOutAnswer(line)) throw new Error(`log line ties a member to an answer: ${line.slice(0, 400)}`);
      }
    } finally {
      await h.close();
    }
  });

  it('swapping who gave which answer leaves every table identical, row for row', async () => {
    const a = await runRound(ROUND_ANSWERS);
    await a.h.close();
    const swapped = rotateWithinGroups(ROUND_ANSWERS);
    expect(swapped.filter(([u, v], i) => ROUND_ANSWERS[i][0] === u && ROUND_ANSWERS[i][1] !== v).length).toBeGreaterThanOrEqual(10);
    const b = await runRound(swapped);
    await b.h.close();
    expect(differences(a.dump, b.dump)).toEqual([]);

    // The comparison does see answers: one member answering differently changes the stored data.
    const changed = ROUND_ANSWERS.map(([u, v]): [string, number] => [u, u === 'p6' ? 5 : v]);
    const c = await runRound(changed);
    await c.h.close();
    const seen = differences(a.dump, c.dump);
    // p6 moved from 1 to 5 in 生产部 (row positions follow each database's storage order).
    expect(seen.filter((d) => d.startsWith('survey_tallies')).map((d) => d.replace(/\[\d+\]/, '')).sort()).toEqual(['survey_tallies.n: 1 vs 0', 'survey_tallies.n: 2 vs 3']);
    // … and the two results messages (HR's and 王强's) that report them.
    expect(seen.filter((d) => !d.startsWith('survey_tallies'))).toEqual([expect.stringMatching(/^outbox\[\d+\]\.payload: .*heping.*同意 60%/), expect.stringMatching(/^outbox\[\d+\]\.payload: .*wangqiang.*同意 57%/)]);
  });
});
