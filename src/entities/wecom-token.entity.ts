import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The cached access_token, shared by every instance on the same database. */
@Entity('wecom_tokens')
export class WecomToken {
  /** `${corpId}:${agentId}` */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  key!: string;

  /** WeCom documents up to 512 bytes. */
  @Column({ type: 'varchar', length: 512 })
  token!: string;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
