import { Foundation1764316800000 } from './1764316800000-foundation';

/** Every migration, in order. A schema change adds one here; none is ever edited after it lands. */
export const MIGRATIONS = [Foundation1764316800000];
