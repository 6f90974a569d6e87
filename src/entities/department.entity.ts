import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A WeCom department, mirrored by org sync. */
@Entity('departments')
export class Department {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  @Column({ type: 'int', default: 0 })
  sortOrder!: number;

  @Column({ type: 'simple-json' })
  leaderUserIds!: string[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'datetime', precision: 3 })
  syncedAt!: Date;
}
