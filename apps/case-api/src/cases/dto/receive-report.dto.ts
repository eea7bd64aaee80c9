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
  type DataCategory,
  JURISDICTIONS,
  type Jurisdiction,
  REPORT_CHANNELS,
  type ReportChannel,
} from '#libs/domain';
import { IsCount, IsEachOneOf, IsInstant, IsOneOf, IsText } from './validation-rules.js';

export class ReportDto {
  @IsInstant()
  receivedAt!: string;

  @IsOneOf(REPORT_CHANNELS)
  channel!: ReportChannel;

  @IsText(4_000)
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
  @IsText(300)
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
}
