import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where a running service can be reached, as it announced itself: the sandbox service writes its
 * simulator's URL here, so `perfbot` commands on the same database talk to that simulator and not
 * to one on a default port.
 */
@Entity('service_endpoints')
export class ServiceEndpoint {
  /** 'wecom_sandbox' */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'varchar', length: 512 })
  url!: string;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
