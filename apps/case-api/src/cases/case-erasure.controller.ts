import { Body, Controller, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '#libs/platform';
import { CaseIdPipe } from '../http/case-id.pipe.js';
import { CommandRequest, type RequestContext } from '../http/request-context.decorator.js';
import { CaseErasure } from './case-erasure.js';
import { EraseCaseDataDto, ErasureRecordDto } from './dto/erase-case-data.dto.js';

@ApiTags('Cases')
@Controller('v1/cases')
@Roles('admin')
export class CaseErasureController {
  constructor(@Inject(CaseErasure) private readonly erasure: CaseErasure) {}

  @Post(':caseId/erasure')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Erase a case's personal data (destroys its data key; idempotent)",
    description:
      'Every personal field of the case then reads `{ "erased": true }` (or "[erased]" in text), in every read model ' +
      'and replay. The case accepts no further command. A second call answers the same record.',
  })
  @ApiOkResponse({ type: ErasureRecordDto })
  erase(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: EraseCaseDataDto,
    @CommandRequest() request: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ErasureRecordDto> {
    return this.erasure.erase(caseId, dto.reason, request, reply);
  }
}
