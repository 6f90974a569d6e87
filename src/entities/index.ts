/** Every entity the DataSource knows; one per line so that features add theirs without conflicts. */
import { ApiKey } from './api-key.entity';
import { Appeal } from './appeal.entity';
import { AuditEntry } from './audit-entry.entity';
import { BehaviourTag } from './behaviour-tag.entity';
import { CadreAdjustment } from './cadre-adjustment.entity';
import { CadreScreenRun } from './cadre-screen-run.entity';
import { CadreScreen } from './cadre-screen.entity';
import { CollaborationRating } from './collaboration-rating.entity';
import { Conversation } from './conversation.entity';
import { DepartmentWeights } from './department-weights.entity';
import { Department } from './department.entity';
import { DevelopmentPlan } from './development-plan.entity';
import { EmployeeOrgHistory } from './employee-org-history.entity';
import { Employee } from './employee.entity';
import { ExceptionClaim } from './exception-claim.entity';
import { GoalCheckin } from './goal-checkin.entity';
import { Goal } from './goal.entity';
import { GrowthRecord } from './growth-record.entity';
import { InboundCallback } from './inbound-callback.entity';
import { JobRun } from './job-run.entity';
import { MetricAssignment } from './metric-assignment.entity';
import { MetricDefinition } from './metric-definition.entity';
import { MetricRecord } from './metric-record.entity';
import { OutboxMessage } from './outbox-message.entity';
import { PlanCheckin } from './plan-checkin.entity';
import { PullConnector } from './pull-connector.entity';
import { ScoreOverride } from './score-override.entity';
import { ScoreSnapshot } from './score-snapshot.entity';
import { ScoringPolicyRow } from './scoring-policy.entity';
import { ServiceEndpoint } from './service-endpoint.entity';
import { Suggestion } from './suggestion.entity';
import { SupervisorReview } from './supervisor-review.entity';
import { TagDraft } from './tag-draft.entity';
import { TagType } from './tag-type.entity';
import { TalentConfig } from './talent-config.entity';
import { TalentMove } from './talent-move.entity';
import { TalentPlacement } from './talent-placement.entity';
import { TalentReview } from './talent-review.entity';
import { UserRole } from './user-role.entity';
import { WecomToken } from './wecom-token.entity';
import { WorkCalendarRule } from './work-calendar-rule.entity';
import { AlertAction } from '../alerts/alert-action.entity';
import { AlertRule } from '../alerts/alert-rule.entity';
import { AlertSuggestion } from '../alerts/alert-suggestion.entity';
import { Alert } from '../alerts/alert.entity';
import { Survey } from '../surveys/survey.entity';
import { SurveyGroup } from '../surveys/survey-group.entity';
import { SurveyParticipant } from '../surveys/survey-participant.entity';
import { SurveyTally } from '../surveys/survey-tally.entity';
import { OutcomeSetting } from '../outcomes/outcome-setting.entity';

export {
  ApiKey,
  Appeal,
  AuditEntry,
  BehaviourTag,
  CadreAdjustment,
  CadreScreenRun,
  CadreScreen,
  CollaborationRating,
  Conversation,
  DepartmentWeights,
  Department,
  DevelopmentPlan,
  EmployeeOrgHistory,
  Employee,
  ExceptionClaim,
  GoalCheckin,
  Goal,
  GrowthRecord,
  InboundCallback,
  JobRun,
  MetricAssignment,
  MetricDefinition,
  MetricRecord,
  OutboxMessage,
  PlanCheckin,
  PullConnector,
  ScoreOverride,
  ScoreSnapshot,
  ScoringPolicyRow,
  ServiceEndpoint,
  Suggestion,
  SupervisorReview,
  TagDraft,
  TagType,
  TalentConfig,
  TalentMove,
  TalentPlacement,
  TalentReview,
  UserRole,
  WecomToken,
  WorkCalendarRule,
  AlertAction,
  AlertRule,
  AlertSuggestion,
  Alert,
  Survey,
  SurveyGroup,
  SurveyParticipant,
  SurveyTally,
  OutcomeSetting,
};

export const ENTITIES = [
  ApiKey,
  Appeal,
  AuditEntry,
  BehaviourTag,
  CadreAdjustment,
  CadreScreenRun,
  CadreScreen,
  CollaborationRating,
  Conversation,
  DepartmentWeights,
  Department,
  DevelopmentPlan,
  EmployeeOrgHistory,
  Employee,
  ExceptionClaim,
  GoalCheckin,
  Goal,
  GrowthRecord,
  InboundCallback,
  JobRun,
  MetricAssignment,
  MetricDefinition,
  MetricRecord,
  OutboxMessage,
  PlanCheckin,
  PullConnector,
  ScoreOverride,
  ScoreSnapshot,
  ScoringPolicyRow,
  ServiceEndpoint,
  Suggestion,
  SupervisorReview,
  TagDraft,
  TagType,
  TalentConfig,
  TalentMove,
  TalentPlacement,
  TalentReview,
  UserRole,
  WecomToken,
  WorkCalendarRule,
  AlertAction,
  AlertRule,
  AlertSuggestion,
  Alert,
  Survey,
  SurveyGroup,
  SurveyParticipant,
  SurveyTally,
  OutcomeSetting,
];
