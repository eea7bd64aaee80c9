import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsOptional,
  IsUrl,
  Length,
  ValidateNested,
} from 'class-validator';
import {
  DATA_CATEGORIES,
  type ReceiveReport,
  type Unstamped,
  type DataCategory,
  JURISDICTIONS,
  type Jurisdiction,
  REPORT_CHANNELS,
  type ReportChannel,
} from '#libs/domain';
import { IsCount, IsEachOneOf, IsInstant, IsNonBlankText, IsOneOf } from './validation-rules.js';

export class ReportDto {
  @IsInstant()
  receivedAt!: string;

  @IsOneOf(REPORT_CHANNELS)
  channel!: ReportChannel;

  @IsNonBlankText(4_000)
  summary!: string;

  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: '$property must be an http(s) URL' })
  @Length(1, 2_000)
  sourceUrl?: string;

  @IsOptional()
  @IsCount()
  claimedRecordCount?: number;

  @IsOptional()
  @IsArray({ message: '$property must be an array' })
  @ArrayUnique({ message: '$property must not repeat a category' })
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsEachOneOf(DATA_CATEGORIES)
  dataCategories: DataCategory[] = [];
}

export class ReceiveReportDto {
  @IsNonBlankText(300)
  title!: string;

  @IsOptional()
  @IsArray({ message: '$property must be an array' })
  @ArrayUnique({ message: '$property must not repeat a jurisdiction' })
  @IsEachOneOf(JURISDICTIONS)
  jurisdictions: Jurisdiction[] = [];

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => ReportDto)
  report!: ReportDto;

  /** The case id is chosen by the shell: the report opens a new case. */
  static toCommand(dto: ReceiveReportDto, caseId: string): Unstamped<ReceiveReport> {
    const { receivedAt, channel, summary, sourceUrl, claimedRecordCount, dataCategories } = dto.report;
    return {
      type: 'ReceiveReport',
      data: {
        caseId,
        title: dto.title,
        jurisdictions: dto.jurisdictions,
        report: { receivedAt, channel, summary, sourceUrl, claimedRecordCount, dataCategories },
      },
    };
  }
}
