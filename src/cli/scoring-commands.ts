/** `perfbot scoring policy`: the company's scoring rules (docs/scoring.md §4a, §8, §9), shown or changed by HR/IT. */
import type { ScoringPolicy } from '../domain/scoring';
import { loadScoringPolicy, saveScoringPolicy } from '../repositories/scoring-policy';
import { ValidationError } from '../wecom/errors';
import { type Command, parseOptions, withDatabase } from './command';

function describe(p: ScoringPolicy): string {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return [
    `min basis: ${pct(p.minBasisShare)} (a total needs the automatic data, or the parts present carrying at least this share of the weights)`,
    `key results in weeks: ${p.keyResultsInWeeks} (${p.keyResultsInWeeks === 'progress' ? 'shown as progress, weighed only in their month' : 'weighed in every week of their month'})`,
    `behaviour weight: ${pct(p.behaviourWeight)} (${p.behaviourWeight > 0 ? 'share of the total taken by the 行为分' : 'the 行为分 is shown but does not move the total'})`,
  ].join('\n');
}

/** '70', '70%' or '0.7' → 0.7. */
function share(text: string | true | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const raw = String(text).trim();
  const n = Number(raw.replace(/%$/, ''));
  if (text === true || !Number.isFinite(n)) throw new ValidationError(name, `--${name} must be a percentage such as 70 or 70%`);
  return raw.endsWith('%') || n > 1 ? n / 100 : n;
}

export const SCORING_COMMANDS: Record<string, Command> = {
  'scoring policy': {
    usage: 'perfbot scoring policy [--min-basis 70%] [--kr-in-weeks progress|weighted] [--behaviour-weight 0%]',
    help: 'show or change the scoring rules: minimum basis for a total, key results in weekly cards, 行为分 weight (audited)',
    async run(args, config) {
      const { options: o } = parseOptions(args);
      try {
        const change: Partial<ScoringPolicy> = {};
        const minBasis = share(o['min-basis'], 'min-basis');
        const behaviour = share(o['behaviour-weight'], 'behaviour-weight');
        if (minBasis !== undefined) change.minBasisShare = minBasis;
        if (behaviour !== undefined) change.behaviourWeight = behaviour;
        if (o['kr-in-weeks'] !== undefined) change.keyResultsInWeeks = String(o['kr-in-weeks']) as ScoringPolicy['keyResultsInWeeks'];
        const policy = await withDatabase(config, (ds) =>
          Object.keys(change).length === 0 ? loadScoringPolicy(ds) : saveScoringPolicy(ds, change, 'cli', new Date()),
        );
        console.log(`${Object.keys(change).length === 0 ? 'scoring policy' : 'scoring policy updated'}:\n${describe(policy)}`);
        return 0;
      } catch (err) {
        if (err instanceof ValidationError) {
          console.error(err.message);
          return 2;
        }
        throw err;
      }
    },
  },
};
