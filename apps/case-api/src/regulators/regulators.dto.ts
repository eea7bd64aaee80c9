import { IsUrl, Length, Matches } from 'class-validator';

export class SetWebhookDto {
  @IsUrl({ require_protocol: true, protocols: ['https', 'http'], require_tld: false }, { message: '$property must be an http(s) URL' })
  @Length(1, 2_000)
  url!: string;

  /** Standard Webhooks secret: `whsec_` + base64 of 24-64 random bytes. */
  @Matches(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, { message: '$property must be whsec_ followed by base64 of 24-64 bytes' })
  secret!: string;
}
