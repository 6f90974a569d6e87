import { Column, Entity, PrimaryColumn } from 'typeorm';

/** HR's talent-review configuration: 'settings' (TalentSettings) and 'boxes' (box name/action overrides). */
@Entity('talent_config')
export class TalentConfig {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'simple-json' })
  value!: unknown;

  @Column({ type: 'varchar', length: 96 })
  updatedBy!: string;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
