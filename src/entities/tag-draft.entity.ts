import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A 表扬/提醒 card flow in progress: the people offered, the tag and note known so far. Its id is in
 * the card's button keys; recordedAt is set once (compare-and-set) when the tag is recorded.
 */
@Entity('tag_drafts')
export class TagDraft {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  authorId!: string;

  @Column({ type: 'varchar', length: 8 })
  polarity!: 'praise' | 'remind';

  /** A catalogue label already chosen in the command, or null (the card asks). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  tag!: string | null;

  @Column({ type: 'text' })
  note!: string;

  /** The userids the card offers (the manager's reports, or the candidates for an ambiguous name). */
  @Column({ type: 'simple-json' })
  people!: string[];

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  recordedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  tagId!: number | null;
}
