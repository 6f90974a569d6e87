import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Where a member stood in the org over time: one row per stretch [validFrom, validTo) with the
 * department, position and managers of that stretch. Scoring reads the row of a period, so a
 * transfer changes the future and never re-ranks a period already scored. validTo null = current.
 */
@Entity('employee_org_history')
@Index('idx_org_history_user', ['userId', 'validFrom'])
@Index('idx_org_history_department', ['mainDepartmentId', 'validFrom'])
export class EmployeeOrgHistory {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'datetime', precision: 3 })
  validFrom!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  validTo!: Date | null;

  @Column({ type: 'int', nullable: true })
  mainDepartmentId!: number | null;

  @Column({ type: 'simple-json' })
  departmentIds!: number[];

  @Column({ type: 'simple-json' })
  leadsDepartmentIds!: number[];

  @Column({ type: 'simple-json' })
  directLeaderIds!: string[];

  @Column({ type: 'varchar', length: 128, default: '' })
  position!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
