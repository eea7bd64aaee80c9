import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Db } from 'mongodb';
import { validateRegulatorDefinition } from '#libs/domain';
import { Roles } from '#libs/platform';
import {
  RegulatorExistsError,
  RegulatorRegistry,
  UnknownRegulatorError,
  WebhookDeliveriesRepository,
} from '#libs/regulators';
import { ConflictException } from '@nestjs/common';
import { FieldValidationException } from '../http/problem-details.filter.js';
import { DeliveriesQueryDto, SetWebhookDto } from './regulators.dto.js';

@ApiTags('Regulators')
@Controller('v1/regulators')
export class RegulatorsController {
  private readonly deliveriesLog: WebhookDeliveriesRepository;

  constructor(
    @Inject(RegulatorRegistry) private readonly registry: RegulatorRegistry,
    @Inject(Db) db: Db,
  ) {
    this.deliveriesLog = new WebhookDeliveriesRepository(db);
  }

  @Get()
  @Roles('investigator', 'pr', 'admin')
  @ApiOperation({ summary: 'List the regulator registry' })
  list() {
    return this.registry.list();
  }

  @Get(':regulatorId')
  @ApiOperation({ summary: 'Read a regulator' })
  @Roles('investigator', 'pr', 'admin')
  async get(@Param('regulatorId') regulatorId: string) {
    const regulator = await this.registry.get(regulatorId);
    if (!regulator) throw new NotFoundException(`Regulator ${regulatorId.slice(0, 64)} not found`);
    return regulator;
  }

  /** The body is a regulator definition, checked by the domain's own validator (every error names its field). */
  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Add a regulator',
    description: 'Checked by the domain’s regulator validator: every error names its field path.',
  })
  @HttpCode(HttpStatus.CREATED)
  async add(@Body() body: unknown) {
    const validation = validateRegulatorDefinition(body);
    if (!validation.ok) {
      throw new FieldValidationException(
        validation.errors.map((message) => ({
          field: message.split(/[: ]/)[0],
          rule: 'regulator-definition',
          message,
        })),
      );
    }
    try {
      await this.registry.add(validation.regulator);
    } catch (error) {
      if (error instanceof RegulatorExistsError) throw new ConflictException(error.message);
      throw error;
    }
    return this.registry.get(validation.regulator.id);
  }

  @Put(':regulatorId/webhook')
  @ApiOperation({
    summary: 'Deliver a regulator’s notifications to a webhook',
    description: 'Signed with Standard Webhooks signatures; the secret is sealed at rest and never shown again.',
  })
  @Roles('admin')
  async setWebhook(@Param('regulatorId') regulatorId: string, @Body() { url, secret }: SetWebhookDto) {
    await this.known(() => this.registry.setWebhook(regulatorId, url, secret));
    return this.registry.get(regulatorId);
  }

  @Delete(':regulatorId/webhook')
  @ApiOperation({ summary: 'Stop webhook delivery (back to the feed)' })
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  async removeWebhook(@Param('regulatorId') regulatorId: string): Promise<void> {
    await this.known(() => this.registry.removeWebhook(regulatorId));
  }

  /** The webhook delivery log: attempts, outcomes and errors, newest first (never the secret). */
  @Get(':regulatorId/deliveries')
  @ApiOperation({
    summary: 'Webhook delivery log',
    description: 'Attempts, outcomes and errors, newest first (never the secret).',
  })
  @Roles('admin')
  async deliveries(@Param('regulatorId') regulatorId: string, @Query() { limit, state }: DeliveriesQueryDto) {
    if (!(await this.registry.get(regulatorId)))
      throw new NotFoundException(`Regulator ${regulatorId.slice(0, 64)} not found`);
    return { deliveries: await this.deliveriesLog.listForRegulator(regulatorId, { limit, ...(state && { state }) }) };
  }

  @Get(':regulatorId/deliveries/:webhookId')
  @ApiOperation({ summary: 'One webhook delivery, with the exact body sent' })
  @Roles('admin')
  async delivery(@Param('regulatorId') regulatorId: string, @Param('webhookId') webhookId: string) {
    const delivery = await this.deliveriesLog.get(webhookId);
    if (delivery?.regulatorId !== regulatorId)
      throw new NotFoundException(`Delivery ${webhookId.slice(0, 64)} not found`);
    return delivery;
  }

  private async known(change: () => Promise<void>): Promise<void> {
    try {
      await change();
    } catch (error) {
      if (error instanceof UnknownRegulatorError) throw new NotFoundException(error.message);
      throw error;
    }
  }
}
