import { assignmentsImport } from './assignments';
import { calendarImport } from './calendar';
import { weightsImport } from './department-weights';
import { employeesImport } from './employees';
import { goalsImport } from './goals';
import { growthImport } from './growth';
import { metricsImport } from './metrics';
import { recordsImport } from './records';
import type { ImportKind, KindHandler } from './types';

export const KIND_HANDLERS: Record<ImportKind, KindHandler> = {
  employees: employeesImport,
  metrics: metricsImport,
  assignments: assignmentsImport,
  records: recordsImport,
  goals: goalsImport,
  calendar: calendarImport,
  weights: weightsImport,
  growth: growthImport,
};
