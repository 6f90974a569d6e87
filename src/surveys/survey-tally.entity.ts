import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * WHAT was answered, as counts only: one row per round, group and answer value, all written at
 * launch with n = 0 and incremented in place. No row per answer exists, so there is no id, time or
 * row order that follows the order in which people answered.
 */
@Entity('survey_tallies')
export class SurveyTally {
  @PrimaryColumn({ type: 'int' })
  surveyId!: number;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  groupKey!: string;

  @PrimaryColumn({ type: 'int' })
  value!: number;

  @Column({ type: 'int', default: 0 })
  n!: number;
}
