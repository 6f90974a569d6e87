import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A reporting group of a round, fixed at launch: a department just below the audience (members
 * of the audience department itself form their own group), departments with fewer than five
 * invitees merged into 其他.
 */
@Entity('survey_groups')
export class SurveyGroup {
  @PrimaryColumn({ type: 'int' })
  surveyId!: number;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  groupKey!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'int' })
  invited!: number;
}
