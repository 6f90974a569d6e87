import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Per-department component weights, effective from a date: a period uses the row in force on its
 * first day (the latest effectiveFrom on or before it). Departments without one use 70/20/10.
 */
@Entity('department_weights')
@Index('uq_department_weights_from', ['departmentId', 'effectiveFrom'], { unique: true })
export class DepartmentWeights {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  departmentId!: number;

  /** 'YYYY-MM-DD', company time zone; '1970-01-01' for weights set before dates were kept. */
  @Column({ type: 'varchar', length: 10, default: '1970-01-01' })
  effectiveFrom!: string;

  @Column({ type: 'double' })
  automatic!: number;

  @Column({ type: 'double' })
  review!: number;

  @Column({ type: 'double' })
  collaboration!: number;

  /** 'user:<userid>', 'cli', … */
  @Column({ type: 'varchar', length: 96, default: '' })
  updatedBy!: string;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
