import { Department } from './department.entity';
import { Employee } from './employee.entity';
import { InboundCallback } from './inbound-callback.entity';
import { OutboxMessage } from './outbox-message.entity';
import { WecomToken } from './wecom-token.entity';

export { Department, Employee, InboundCallback, OutboxMessage, WecomToken };

export const ENTITIES = [Department, Employee, InboundCallback, OutboxMessage, WecomToken];
