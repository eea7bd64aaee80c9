import { DomainValidationError, IllegalTransitionError } from '../shared/domain-errors.js';
import type { CloseCase, ReopenCase } from './case-commands.js';
import { CaseClosed, CaseReopened, type CaseEvent } from './case-events.js';
import {
  describeVerdict,
  optionalField,
  requireCaseTime,
  requireConfirmedSample,
  requireNotBefore,
} from './case-rules.js';
import type { ClosedCaseState, OpenCaseState } from './case-state.js';
import type { CaseResolution } from './vocabulary.js';

export function closeCase({ data, metadata }: CloseCase, state: OpenCaseState): CaseEvent[] {
  const closedAt = requireCaseTime('closedAt', data.closedAt, state, metadata.now);
  const { resolution } = data;
  const duplicateOfCaseId = requireDuplicateReference(resolution, data.duplicateOfCaseId, state.caseId);

  requireResolutionFitsFacts(resolution, state);
  return [
    CaseClosed.create({
      caseId: state.caseId,
      closedAt,
      resolution,
      ...optionalField('note', data.note),
      ...optionalField('duplicateOfCaseId', duplicateOfCaseId),
    }),
  ];
}

export function reopenCase({ data, metadata }: ReopenCase, state: ClosedCaseState): CaseEvent[] {
  const reopenedAt = requireCaseTime('reopenedAt', data.reopenedAt, state, metadata.now);
  requireNotBefore('reopenedAt', reopenedAt, state.closedAt, 'not-before-closure', 'the case was closed');
  return [CaseReopened.create({ caseId: state.caseId, reopenedAt, reason: data.reason })];
}

function requireDuplicateReference(
  resolution: CaseResolution,
  reference: string | undefined,
  ownCaseId: string,
): string | undefined {
  if (resolution !== 'duplicate') {
    if (reference !== undefined) {
      throw new DomainValidationError(
        'duplicateOfCaseId',
        'only-for-duplicate',
        "duplicateOfCaseId is only allowed with resolution 'duplicate'",
      );
    }
    return undefined;
  }
  if (reference === undefined) {
    throw new DomainValidationError(
      'duplicateOfCaseId',
      'required-for-duplicate',
      "Resolution 'duplicate' needs the id of the case this one duplicates",
    );
  }
  if (reference === ownCaseId) {
    throw new DomainValidationError('duplicateOfCaseId', 'not-own-case', 'A case cannot be a duplicate of itself');
  }
  return reference;
}

function requireResolutionFitsFacts(resolution: CaseResolution, state: OpenCaseState): void {
  switch (resolution) {
    case 'breach-remediated':
      requireConfirmedSample(state, 'remediation-requires-confirmed-sample', "closing as 'breach-remediated'");
      if (state.notifications.length === 0) {
        throw new IllegalTransitionError(
          'remediation-requires-regulator-notification',
          `Case ${state.caseId} cannot close as 'breach-remediated' before any regulator was notified`,
        );
      }
      return;
    case 'not-our-data':
      if (state.latestVerdict !== 'not-ours') {
        throw new IllegalTransitionError(
          'not-our-data-requires-not-ours-verdict',
          `Case ${state.caseId} can close as 'not-our-data' only when the latest sample verdict is 'not-ours' (it is ${describeVerdict(state)})`,
        );
      }
      return;
    case 'false-report':
      if (state.latestVerdict === 'confirmed') {
        throw new IllegalTransitionError(
          'false-report-contradicts-confirmed-sample',
          `Case ${state.caseId} has a confirmed sample and cannot close as 'false-report'`,
        );
      }
      return;
    case 'duplicate':
      return;
  }
}
