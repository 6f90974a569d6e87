import { Column, Entity, PrimaryColumn } from 'typeorm';

export type Role = 'hr' | 'admin';

/** Roles beyond what the org chart implies (everyone is an employee; leaders are managers). */
@Entity('user_roles')
export class UserRole {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ type: 'datetime', precision: 3 })
  grantedAt!: Date;
}
