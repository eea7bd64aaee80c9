import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  Min,
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

export class ReportDto {
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' })
  receivedAt!: string;

  @IsIn(REPORT_CHANNELS, { message: `must be one of: ${REPORT_CHANNELS.join(', ')}` })
  channel!: ReportChannel;

  @IsString()
  @Length(1, 4_000)
  summary!: string;

  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  @Length(1, 2_000)
  sourceUrl?: string;

  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  @Max(100_000_000_000)
  claimedRecordCount?: number;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsIn(DATA_CATEGORIES, { each: true, message: `each must be one of: ${DATA_CATEGORIES.join(', ')}` })
  dataCategories: DataCategory[] = [];
}

export class ReceiveReportDto {
  @IsString()
  @Length(1, 300)
  title!: string;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(JURISDICTIONS, { each: true, message: `each must be one of: ${JURISDICTIONS.join(', ')}` })
  jurisdictions: Jurisdiction[] = [];

  @IsDefined({ message: 'is required' })
  @ValidateNested()
  @Type(() => ReportDto)
  report!: ReportDto;
}
