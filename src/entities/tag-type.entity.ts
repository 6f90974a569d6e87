import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One entry of the tag catalogue (表扬/提醒), with its weight into the behaviour score. */
@Entity('tag_types')
export class TagType {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  label!: string;

  @Column({ type: 'varchar', length: 8 })
  polarity!: 'praise' | 'remind';

  /** Points into the behaviour score: positive for praise, negative for a reminder. */
  @Column({ type: 'double' })
  weight!: number;

  @Column({ type: 'int', default: 0 })
  sortOrder!: number;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
