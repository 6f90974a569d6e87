import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Who was invited to a round and whether they answered: WHO answered, never WHAT. Every row is
 * written at launch, in user-id order, and answering only flips `answered`; there is no time or
 * sequence of answering to line up with anything else.
 */
@Entity('survey_participants')
export class SurveyParticipant {
  @PrimaryColumn({ type: 'int' })
  surveyId!: number;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  groupKey!: string;

  @Column({ type: 'boolean', default: false })
  answered!: boolean;
}
