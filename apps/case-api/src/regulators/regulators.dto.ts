import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUrl, Length, Matches, Max, Min } from 'class-validator';
import { WEBHOOK_DELIVERY_STATES, type WebhookDeliveryState } from '#libs/regulators';

export class SetWebhookDto {
  @IsUrl(
    { require_protocol: true, protocols: ['https', 'http'], require_tld: false },
    { message: '$property must be an http(s) URL' },
  )
  @Length(1, 2_000)
  url!: string;

  /** Standard Webhooks secret: `whsec_` + base64 of 24-64 random bytes. */
  @Matches(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, {
    message: '$property must be whsec_ followed by base64 of 24-64 bytes',
  })
  secret!: string;
}

export class DeliveriesQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(1)
  @Max(500)
  limit = 50;

  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATES, { message: `$property must be one of: ${WEBHOOK_DELIVERY_STATES.join(', ')}` })
  state?: WebhookDeliveryState;
}
