export * from './holding-statement-types.js';
export { composeHoldingStatement } from './compose.js';
export { holdingStatementStage, subjectNounIn } from './render.js';
export {
  checkStatementGuardrails,
  HoldingStatementGuardrailError,
  type GuardrailRule,
  type GuardrailViolation,
} from './guardrails.js';
export {
  DEFAULT_TEMPLATES,
  TEMPLATE_CATALOGUE,
  TEMPLATE_KEYS,
  type Placeholder,
  type TemplateSpec,
} from './templates.js';
export { validateTemplates } from './template-validation.js';
export {
  DEFAULT_NEXT_UPDATE_WITHIN_HOURS,
  DEFAULT_WORKING_HOURS,
  nextUpdateDue,
  roundIntoWorkingHours,
} from './next-update.js';
export { formatCount, formatDate, formatDateTime, formatMonthYear, joinList } from './format.js';
export { CATEGORY_LABELS, VECTOR_PHRASES } from './labels.js';
export { holdingStatementFactsFromEvents, type VersionedCaseEvent } from './facts-from-events.js';
