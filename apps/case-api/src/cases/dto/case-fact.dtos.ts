import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsOptional, IsUUID } from 'class-validator';
import {
  type AssessNotifiability,
  type AssessRisk,
  type AssignInvestigator,
  type CloseCase,
  type NotifyDataSubjects,
  type NotifyRegulator,
  type RecordRegulatorAcknowledgement,
  type ReopenCase,
  type SupplementRegulatorNotification,
  type TraceSource,
  type Unstamped,
  type VerifySample,
  AVAILABILITY_LOSSES,
  type AvailabilityLoss,
  CASE_RESOLUTIONS,
  CONFIDENTIALITY_LOSSES,
  type ConfidentialityLoss,
  type CaseResolution,
  DATA_CATEGORIES,
  type DataCategory,
  type NotificationContent,
  RISK_LEVELS,
  type RiskLevel,
  RISKS_TO_INDIVIDUALS,
  type RiskToIndividuals,
  SAMPLE_VERDICTS,
  type SampleVerdict,
  SOURCE_VECTOR_CATALOGUE,
  type SourceVector,
  SUBJECT_NOTIFICATION_CHANNELS,
  type SubjectNotificationChannel,
  TRACE_CONFIDENCE_LEVELS,
  type TraceConfidence,
} from '#libs/domain';
import {
  IsCount,
  IsEachOneOf,
  IsInstant,
  IsNonBlankText,
  IsOneOf,
  IsOneOfDescribed,
  IsText,
  IsTextFields,
} from './validation-rules.js';

// Each DTO checks the shape of a request (types, lengths, vocabularies) and maps it to its command in its static
// toCommand() (static, so a plain object of the request's shape still is one); what the values mean for the case
// (times, verdicts, transitions) is the decider's to check.

export class AssignInvestigatorDto {
  @IsNonBlankText(200)
  investigator!: string;

  @IsInstant()
  assignedAt!: string;

  @IsOptional()
  @IsText(2_000)
  note?: string;

  static toCommand(dto: AssignInvestigatorDto, caseId: string): Unstamped<AssignInvestigator> {
    const { investigator, assignedAt, note } = dto;
    return { type: 'AssignInvestigator', data: { caseId, investigator, assignedAt, note } };
  }
}

export class AssessRiskDto {
  @IsInstant()
  assessedAt!: string;

  @IsOneOf(RISK_LEVELS)
  riskLevel!: RiskLevel;

  @IsNonBlankText(4_000)
  likelyConsequences!: string;

  @IsCount()
  estimatedAffectedSubjects!: number;

  @IsOptional()
  @IsText(4_000)
  notes?: string;

  static toCommand(dto: AssessRiskDto, caseId: string): Unstamped<AssessRisk> {
    const { assessedAt, riskLevel, likelyConsequences, estimatedAffectedSubjects, notes } = dto;
    return {
      type: 'AssessRisk',
      data: { caseId, assessedAt, riskLevel, likelyConsequences, estimatedAffectedSubjects, notes },
    };
  }
}

const IsTrueOrFalse = () => IsBoolean({ message: '$property must be true or false' });

/** The facts each law's notifiability test reads; the outcome is the domain's, never the caller's. */
export class AssessNotifiabilityDto {
  @IsInstant()
  assessedAt!: string;

  @IsCount()
  affectedSubjects!: number;

  @IsArray({ message: '$property must be an array' })
  @ArrayMinSize(1, { message: '$property must name at least one category' })
  @ArrayUnique({ message: '$property must not repeat a category' })
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsEachOneOf(DATA_CATEGORIES)
  dataCategories!: DataCategory[];

  /** `internal-only`: seen only inside the organisation; `trusted-recipient`: bound to confidentiality, deleted or returned it. */
  @IsOneOf(CONFIDENTIALITY_LOSSES)
  confidentiality!: ConfidentialityLoss;

  /** True when data was altered. */
  @IsTrueOrFalse()
  integrity!: boolean;

  @IsOneOf(AVAILABILITY_LOSSES)
  availability!: AvailabilityLoss;

  /** Encrypted or hashed to the state of the art, with the key or secret safe. */
  @IsTrueOrFalse()
  dataUnintelligible!: boolean;

  /** Later measures make the harm unlikely. */
  @IsTrueOrFalse()
  harmRemediated!: boolean;

  /** The team's judgment; a law's own word (significant harm, serious harm) maps to `high`. */
  @IsOneOf(RISKS_TO_INDIVIDUALS)
  riskToIndividuals!: RiskToIndividuals;

  @IsOptional()
  @IsText(4_000)
  notes?: string;

  /** The registry as it stands: the decider applies each applicable law's test. */
  static toCommand(
    dto: AssessNotifiabilityDto,
    caseId: string,
    regulators: AssessNotifiability['regulators'],
  ): Unstamped<AssessNotifiability> {
    const { assessedAt, affectedSubjects, dataCategories, confidentiality, integrity, availability, notes } = dto;
    const { dataUnintelligible, harmRemediated, riskToIndividuals } = dto;
    return {
      type: 'AssessNotifiability',
      data: {
        caseId,
        assessedAt,
        affectedSubjects,
        dataCategories,
        confidentiality,
        integrity,
        availability,
        dataUnintelligible,
        harmRemediated,
        riskToIndividuals,
        notes,
      },
      regulators,
    };
  }
}

/** The outcome of a sample check; there is deliberately no field for the records themselves. */
export class VerifySampleDto {
  @IsInstant()
  verifiedAt!: string;

  @IsCount(1)
  sampleSize!: number;

  @IsCount()
  matchedRecords!: number;

  @IsArray({ message: '$property must be an array' })
  @ArrayUnique({ message: '$property must not repeat a category' })
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsEachOneOf(DATA_CATEGORIES)
  confirmedDataCategories!: DataCategory[];

  @IsNonBlankText(1_000)
  method!: string;

  @IsOneOf(SAMPLE_VERDICTS)
  verdict!: SampleVerdict;

  static toCommand(dto: VerifySampleDto, caseId: string): Unstamped<VerifySample> {
    const { verifiedAt, sampleSize, matchedRecords, confirmedDataCategories, method, verdict } = dto;
    return {
      type: 'VerifySample',
      data: { caseId, verifiedAt, sampleSize, matchedRecords, confirmedDataCategories, method, verdict },
    };
  }
}

/** The VERIS action and variety (`<action>:<variety>`) each vector stands for, and what it covers. */
const SOURCE_VECTOR_DESCRIPTIONS = Object.fromEntries(
  Object.entries(SOURCE_VECTOR_CATALOGUE).map(([vector, { action, verisVariety, description }]) => [
    vector,
    `${description} (VERIS action ${action}, variety "${verisVariety}")`,
  ]),
);

export class TraceSourceDto {
  @IsInstant()
  tracedAt!: string;

  @IsNonBlankText(200)
  sourceSystem!: string;

  @IsOneOfDescribed(SOURCE_VECTOR_DESCRIPTIONS)
  vector!: SourceVector;

  /** A vendor, supplier or other partner was involved, as the actor or the route; default false. */
  @IsOptional()
  @IsBoolean({ message: '$property must be true or false' })
  viaPartner?: boolean;

  @IsOneOf(TRACE_CONFIDENCE_LEVELS)
  confidence!: TraceConfidence;

  @IsNonBlankText(4_000)
  summary!: string;

  @IsOptional()
  @IsText(4_000)
  containment?: string;

  static toCommand(dto: TraceSourceDto, caseId: string): Unstamped<TraceSource> {
    const { tracedAt, sourceSystem, vector, viaPartner, confidence, summary, containment } = dto;
    return {
      type: 'TraceSource',
      data: { caseId, tracedAt, sourceSystem, vector, viaPartner, confidence, summary, containment },
    };
  }
}

export class NotifyRegulatorDto {
  @IsNonBlankText(48)
  regulatorId!: string;

  @IsInstant()
  notifiedAt!: string;

  @IsTextFields()
  content!: NotificationContent;

  static toCommand(dto: NotifyRegulatorDto, caseId: string): Unstamped<NotifyRegulator> {
    const { regulatorId, notifiedAt, content } = dto;
    return { type: 'NotifyRegulator', data: { caseId, regulatorId, notifiedAt, content } };
  }
}

export class SupplementRegulatorNotificationDto {
  @IsInstant()
  supplementedAt!: string;

  @IsTextFields()
  content!: NotificationContent;

  @IsOptional()
  @IsText(4_000)
  reasonForDelay?: string;

  static toCommand(
    dto: SupplementRegulatorNotificationDto,
    caseId: string,
    notificationId: string,
  ): Unstamped<SupplementRegulatorNotification> {
    const { supplementedAt, content, reasonForDelay } = dto;
    return {
      type: 'SupplementRegulatorNotification',
      data: { caseId, notificationId, supplementedAt, content, reasonForDelay },
    };
  }
}

export class RecordRegulatorAcknowledgementDto {
  @IsNonBlankText(48)
  regulatorId!: string;

  @IsInstant()
  acknowledgedAt!: string;

  @IsOptional()
  @IsText(200)
  reference?: string;

  static toCommand(
    dto: RecordRegulatorAcknowledgementDto,
    caseId: string,
    notificationId: string,
  ): Unstamped<RecordRegulatorAcknowledgement> {
    const { regulatorId, acknowledgedAt, reference } = dto;
    return {
      type: 'RecordRegulatorAcknowledgement',
      data: { caseId, notificationId, regulatorId, acknowledgedAt, reference },
    };
  }
}

export class NotifyDataSubjectsDto {
  @IsInstant()
  notifiedAt!: string;

  @IsOneOf(SUBJECT_NOTIFICATION_CHANNELS)
  channel!: SubjectNotificationChannel;

  @IsCount()
  subjectCount!: number;

  @IsNonBlankText(4_000)
  messageSummary!: string;

  static toCommand(dto: NotifyDataSubjectsDto, caseId: string): Unstamped<NotifyDataSubjects> {
    const { notifiedAt, channel, subjectCount, messageSummary } = dto;
    return { type: 'NotifyDataSubjects', data: { caseId, notifiedAt, channel, subjectCount, messageSummary } };
  }
}

export class CloseCaseDto {
  @IsInstant()
  closedAt!: string;

  @IsOneOf(CASE_RESOLUTIONS)
  resolution!: CaseResolution;

  @IsOptional()
  @IsText(4_000)
  note?: string;

  @IsOptional()
  @IsUUID('4', { message: '$property must be a case id (UUID)' })
  duplicateOfCaseId?: string;

  static toCommand(dto: CloseCaseDto, caseId: string): Unstamped<CloseCase> {
    const { closedAt, resolution, note, duplicateOfCaseId } = dto;
    return { type: 'CloseCase', data: { caseId, closedAt, resolution, note, duplicateOfCaseId } };
  }
}

export class ReopenCaseDto {
  @IsInstant()
  reopenedAt!: string;

  @IsNonBlankText(4_000)
  reason!: string;

  static toCommand(dto: ReopenCaseDto, caseId: string): Unstamped<ReopenCase> {
    const { reopenedAt, reason } = dto;
    return { type: 'ReopenCase', data: { caseId, reopenedAt, reason } };
  }
}
