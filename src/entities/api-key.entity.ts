import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ApiScope = 'records:write' | 'imports:write' | 'scorecards:read' | 'metrics:read';

/** A bearer key for the ERP/MES and integrations; only its SHA-256 is stored. */
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** The key's first characters, to tell keys apart in lists and logs. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  @Index('uq_api_keys_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  @Column({ type: 'simple-json' })
  scopes!: ApiScope[];

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;
}
