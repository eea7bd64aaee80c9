import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsOptional, IsUUID } from 'class-validator';
import {
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
  IsOneOf,
  IsOneOfDescribed,
  IsText,
  IsTextFields,
} from './validation-rules.js';

export class AssignInvestigatorDto {
  @IsText(200)
  investigator!: string;

  @IsInstant()
  assignedAt!: string;

  @IsOptional()
  @IsText(2_000)
  note?: string;
}

export class AssessRiskDto {
  @IsInstant()
  assessedAt!: string;

  @IsOneOf(RISK_LEVELS)
  riskLevel!: RiskLevel;

  @IsText(4_000)
  likelyConsequences!: string;

  @IsCount()
  estimatedAffectedSubjects!: number;

  @IsOptional()
  @IsText(4_000)
  notes?: string;
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

  @IsText(1_000)
  method!: string;

  @IsOneOf(SAMPLE_VERDICTS)
  verdict!: SampleVerdict;
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

  @IsText(200)
  sourceSystem!: string;

  @IsOneOfDescribed(SOURCE_VECTOR_DESCRIPTIONS)
  vector!: SourceVector;

  /** A vendor, supplier or other partner was involved, as the actor or the route; default false. */
  @IsOptional()
  @IsBoolean({ message: '$property must be true or false' })
  viaPartner?: boolean;

  @IsOneOf(TRACE_CONFIDENCE_LEVELS)
  confidence!: TraceConfidence;

  @IsText(4_000)
  summary!: string;

  @IsOptional()
  @IsText(4_000)
  containment?: string;
}

export class NotifyRegulatorDto {
  @IsText(48)
  regulatorId!: string;

  @IsInstant()
  notifiedAt!: string;

  @IsTextFields()
  content!: NotificationContent;
}

export class SupplementRegulatorNotificationDto {
  @IsInstant()
  supplementedAt!: string;

  @IsTextFields()
  content!: NotificationContent;

  @IsOptional()
  @IsText(4_000)
  reasonForDelay?: string;
}

export class RecordRegulatorAcknowledgementDto {
  @IsText(48)
  regulatorId!: string;

  @IsInstant()
  acknowledgedAt!: string;

  @IsOptional()
  @IsText(200)
  reference?: string;
}

export class NotifyDataSubjectsDto {
  @IsInstant()
  notifiedAt!: string;

  @IsOneOf(SUBJECT_NOTIFICATION_CHANNELS)
  channel!: SubjectNotificationChannel;

  @IsCount()
  subjectCount!: number;

  @IsText(4_000)
  messageSummary!: string;
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
}

export class ReopenCaseDto {
  @IsInstant()
  reopenedAt!: string;

  @IsText(4_000)
  reason!: string;
}
