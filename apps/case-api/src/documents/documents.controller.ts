import { Controller, Get, Headers, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '#libs/platform';
import { CaseIdPipe } from '../http/case-id.pipe.js';
import { CommandRequest, type RequestContext } from '../http/request-context.decorator.js';
import { composeCaseReport } from './case-report.composer.js';
import { DocumentSources } from './document-sources.js';
import { CaseReportQueryDto, LetterQueryDto } from './documents.dtos.js';
import { formatFromAccept, sendDocument } from './document-output.js';
import { composeNotificationLetter } from './notification-letter.composer.js';
import { regulatorLanguage } from './regulator-display.js';

/** The documents people hand over: the regulator's notification letter and the case report. */
@ApiTags('Documents')
@Controller('v1/cases/:caseId')
export class DocumentsController {
  constructor(@Inject(DocumentSources) private readonly sources: DocumentSources) {}

  @Get('regulator-notifications/:notificationId/letter')
  @ApiOperation({
    summary: 'The notification as a letter to its regulator (PDF, or Markdown by `Accept`)',
    description:
      'The required content in the order and under the headings of the regulator’s law, the claimed and confirmed ' +
      'counts, supplements in order and the acknowledgement; dated in the regulator’s time zone, in its language ' +
      'unless `language` says otherwise. A regulator gets only the letters of its own notifications (404 otherwise).',
  })
  @Roles('investigator', 'admin', 'regulator')
  async letter(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('notificationId') notificationId: string,
    @Query() { language }: LetterQueryDto,
    @CommandRequest() { actor }: RequestContext,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const viewer = actor.role === 'regulator' ? { regulatorId: actor.regulatorId ?? '' } : {};
    const facts = await this.sources.letter(caseId, notificationId, viewer);
    if (!facts) throw new NotFoundException(`Case ${caseId} has no regulator notification ${notificationId}`);
    const model = composeNotificationLetter(facts, language ?? regulatorLanguage(facts.regulator));
    return sendDocument(model, formatFromAccept(accept, 'pdf'), `letter-${notificationId}`, reply);
  }

  @Get('report')
  @ApiOperation({
    summary: 'The case report (Markdown, or PDF by `Accept`)',
    description:
      'Summary, the facts per stage, every legal clock with its state as of `asOf`, notifications sent and ' +
      'acknowledged, statements issued and the timeline (who, when, what), paginated.',
  })
  @Roles('investigator', 'pr', 'admin')
  async report(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Query() { language, asOf }: CaseReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const facts = await this.sources.report(caseId, asOf ? new Date(asOf) : new Date());
    if (!facts) throw new NotFoundException(`Case ${caseId} not found`);
    const model = composeCaseReport(facts, language);
    return sendDocument(model, formatFromAccept(accept, 'markdown'), `report-${caseId}`, reply);
  }
}
