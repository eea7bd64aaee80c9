import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '#libs/platform';
import { CommandRequest, type RequestContext } from '../http/request-context.decorator.js';
import { CaseCommandRunner } from '../cases/case-command-runner.js';
import { AcknowledgeNotificationDto, FeedPullQueryDto, FeedQueryDto } from './feed.dto.js';
import { RegulatorFeedReader } from '../queries/regulator-feed.reader.js';

const STREAM_POLL_MS = 500;
const STREAM_HEARTBEAT_MS = 15_000;
const STREAM_BATCH = 100;

/** Regulators' own notifications: pull, stream (SSE) and acknowledge. The regulator comes from the API key. */
@ApiTags('Regulator feed')
@Controller('v1/feed')
@Roles('regulator')
export class FeedController {
  constructor(
    @Inject(RegulatorFeedReader) private readonly feed: RegulatorFeedReader,
    @Inject(CaseCommandRunner) private readonly commands: CaseCommandRunner,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Pull the notifications addressed to you',
    description:
      'CloudEvents after the sequence number `after`; pass `nextCursor` as `after` to continue. With `caseId` and ' +
      '`minVersion` the answer first waits (up to 2 s, else 409) until the feed holds everything of that case ' +
      'addressed to you up to that case version; the page still spans every case.',
  })
  async pull(
    @Query() { after, limit, caseId, minVersion }: FeedPullQueryDto,
    @CommandRequest() { actor }: RequestContext,
  ) {
    const regulatorId = actor.regulatorId as string;
    if (caseId !== undefined && minVersion !== undefined) {
      await this.feed.waitForCase(regulatorId, caseId.toLowerCase(), minVersion);
    }
    const items = await this.feed.itemsAfter(regulatorId, after, limit);
    return {
      events: items.map((item) => item.cloudEvent),
      nextCursor: String(items.length > 0 ? items[items.length - 1].seq : after),
    };
  }

  /** Server-Sent Events, resumable: `Last-Event-ID` (or `?after=`) is the last sequence number received. */
  @Get('stream')
  @ApiOperation({
    summary: 'Stream them (Server-Sent Events)',
    description:
      'Resumable: `Last-Event-ID` (or `after`) is the last sequence number received. A comment line keeps the connection alive.',
  })
  async stream(
    @Query() { after }: FeedQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CommandRequest() { actor }: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const regulatorId = actor.regulatorId as string;
    let position = /^\d{1,12}$/.test(lastEventId ?? '') ? Number(lastEventId) : after;
    let open = true;
    request.raw.on('close', () => (open = false));
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    reply.raw.write(`retry: 2000\n\n`);
    let lastWrite = Date.now();
    while (open) {
      const items = await this.feed.itemsAfter(regulatorId, position, STREAM_BATCH);
      for (const item of items) {
        reply.raw.write(
          `id: ${item.seq}\nevent: ${item.cloudEvent.type}\ndata: ${JSON.stringify(item.cloudEvent)}\n\n`,
        );
        position = item.seq;
        lastWrite = Date.now();
      }
      if (items.length === STREAM_BATCH) continue;
      if (Date.now() - lastWrite > STREAM_HEARTBEAT_MS) {
        reply.raw.write(': keep-alive\n\n');
        lastWrite = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, STREAM_POLL_MS));
    }
    reply.raw.end();
  }

  @Post(':notificationId/acknowledgement')
  @ApiOperation({ summary: 'Acknowledge a notification' })
  @HttpCode(HttpStatus.OK)
  async acknowledge(
    @Param('notificationId') notificationId: string,
    @Body() dto: AcknowledgeNotificationDto,
    @CommandRequest() request: RequestContext,
  ) {
    const regulatorId = request.actor.regulatorId as string;
    const caseId = await this.feed.caseOfNotification(regulatorId, notificationId.slice(0, 64));
    if (!caseId) throw new NotFoundException(`No notification ${notificationId.slice(0, 64)} was addressed to you`);
    const result = await this.commands.run(
      AcknowledgeNotificationDto.toCommand(dto, caseId, notificationId, regulatorId),
      request,
    );
    // The case and its version, for reading the acknowledgement back: GET /v1/feed?caseId=…&minVersion=…
    return { notificationId, acknowledged: true, replayed: result.replayed, caseId, version: result.version };
  }
}
