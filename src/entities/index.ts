import { ApiKey } from './api-key.entity';
import { Appeal } from './appeal.entity';
import { AuditEntry } from './audit-entry.entity';
import { BehaviourTag } from './behaviour-tag.entity';
import { CollaborationRating } from './collaboration-rating.entity';
import { Department } from './department.entity';
import { DepartmentWeights } from './department-weights.entity';
import { Employee } from './employee.entity';
import { ExceptionClaim } from './exception-claim.entity';
import { Goal } from './goal.entity';
import { GoalCheckin } from './goal-checkin.entity';
import { InboundCallback } from './inbound-callback.entity';
import { MetricAssignment } from './metric-assignment.entity';
import { MetricDefinition } from './metric-definition.entity';
import { MetricRecord } from './metric-record.entity';
import { OutboxMessage } from './outbox-message.entity';
import { PullConnector } from './pull-connector.entity';
import { ScoreSnapshot } from './score-snapshot.entity';
import { SupervisorReview } from './supervisor-review.entity';
import { UserRole } from './user-role.entity';
import { WecomToken } from './wecom-token.entity';
import { Conversation } from './conversation.entity';
import { Suggestion } from './suggestion.entity';
import { TagType } from './tag-type.entity';
import { TagDraft } from './tag-draft.entity';
import { JobRun } from './job-run.entity';
import { ScoringPolicyRow } from './scoring-policy.entity';

export {
  ApiKey, Appeal, AuditEntry, BehaviourTag, CollaborationRating, Department, DepartmentWeights, Employee, ExceptionClaim,
  Goal, GoalCheckin, InboundCallback, MetricAssignment, MetricDefinition, MetricRecord, OutboxMessage, PullConnector,
  ScoreSnapshot, SupervisorReview, UserRole, WecomToken, Conversation, Suggestion, TagType, TagDraft, JobRun, ScoringPolicyRow,
};

export const ENTITIES = [
  ApiKey, Appeal, AuditEntry, BehaviourTag, CollaborationRating, Department, DepartmentWeights, Employee, ExceptionClaim,
  Goal, GoalCheckin, InboundCallback, MetricAssignment, MetricDefinition, MetricRecord, OutboxMessage, PullConnector,
  ScoreSnapshot, SupervisorReview, UserRole, WecomToken, Conversation, Suggestion, TagType, TagDraft, JobRun, ScoringPolicyRow,
];
