import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A short multi-message exchange in progress with one member (e.g. an appeal: the next text is the
 * reason, following images are evidence), until it expires.
 */
@Entity('conversations')
export class Conversation {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'simple-json' })
  state!: Record<string, unknown>;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
