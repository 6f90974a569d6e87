import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** WeCom member status: 1 active, 2 disabled, 4 not activated, 5 left the company. */
export type WeComUserStatus = 1 | 2 | 4 | 5;

/** A member of the org, mirrored from WeCom contacts (or imported). */
@Entity('employees')
export class Employee {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Index('idx_employees_main_department')
  @Column({ type: 'int', nullable: true })
  mainDepartmentId!: number | null;

  @Column({ type: 'simple-json' })
  departmentIds!: number[];

  /** The departments this member leads (is_leader_in_dept = 1). */
  @Column({ type: 'simple-json' })
  leadsDepartmentIds!: number[];

  /** direct_leader from WeCom: at most 5 userids. */
  @Column({ type: 'simple-json' })
  directLeaderIds!: string[];

  @Column({ type: 'varchar', length: 128, default: '' })
  position!: string;

  @Column({ type: 'int', default: 1 })
  status!: number;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'varchar', length: 16, default: 'wecom' })
  source!: 'wecom' | 'import';

  @Column({ type: 'datetime', precision: 3 })
  syncedAt!: Date;

  /** Hire date (YYYY-MM-DD) from the employee import; WeCom does not provide one. Used by tenure rules. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  hiredOn?: string | null;

  /** The day the member left (YYYY-MM-DD, Asia/Shanghai): set by org sync, change_contact delete or a 离职 import. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  leftOn?: string | null;
}
