import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ScreenRule } from '../talent/screening';

/** A reserve-cadre (储备干部) screen: named rules over the data, defined by HR. */
@Entity('cadre_screens')
@Index('uq_cadre_screens_name', ['name'], { unique: true })
export class CadreScreen {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'simple-json' })
  rules!: ScreenRule[];

  @Column({ type: 'varchar', length: 96 })
  updatedBy!: string;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
