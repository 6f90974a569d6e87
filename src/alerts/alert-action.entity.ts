import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AlertActionKind } from './alert.entity';

/** What someone did about an alert (安排带教 / 安排培训 / 已沟通 / 暂不处理 + reason): the record recovery rates are measured by. */
@Entity('alert_actions')
@Index('idx_alert_actions_alert', ['alertId'])
export class AlertAction {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  alertId!: number;

  @Column({ type: 'varchar', length: 64 })
  actorId!: string;

  @Column({ type: 'varchar', length: 12 })
  action!: AlertActionKind;

  /** The chosen suggestion (mentor's name, course) or the reason for 暂不处理. */
  @Column({ type: 'text' })
  note!: string;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;
}
