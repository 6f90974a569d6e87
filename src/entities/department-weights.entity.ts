import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per-department component weights; departments without a row use 70/20/10. */
@Entity('department_weights')
export class DepartmentWeights {
  @PrimaryColumn({ type: 'int' })
  departmentId!: number;

  @Column({ type: 'double' })
  automatic!: number;

  @Column({ type: 'double' })
  review!: number;

  @Column({ type: 'double' })
  collaboration!: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
