import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#libs/platform';
import { CaseIdPipe } from '../http/case-id.pipe.js';
import { CommandRequest, type RequestContext } from '../http/request-context.decorator.js';
import { ConsistencyQueryDto, EvidenceQueryDto } from './ledger.dto.js';
import { LedgerProofs } from './ledger-proofs.js';

/** The signed transparency log over every commit, and the proofs a verifier checks offline. */
@ApiTags('Ledger')
@Controller('v1')
export class LedgerController {
  constructor(@Inject(LedgerProofs) private readonly proofs: LedgerProofs) {}

  @Get('ledger/checkpoint')
  @Roles('investigator', 'admin', 'regulator')
  @ApiOperation({
    summary: 'The latest signed checkpoint',
    description: 'Origin, tree size, RFC 9162 root hash and time, signed with Ed25519 over the checkpoint note.',
  })
  checkpoint() {
    return this.proofs.latestCheckpoint();
  }

  @Get('ledger/public-key')
  @Roles('investigator', 'admin', 'regulator')
  @Header('content-type', 'application/x-pem-file')
  @ApiOperation({ summary: "The log's Ed25519 public key (SPKI PEM): pin it to verify checkpoints" })
  publicKey() {
    return this.proofs.publicKey();
  }

  @Get('ledger/consistency')
  @Roles('investigator', 'admin', 'regulator')
  @ApiOperation({
    summary: 'RFC 9162 consistency proof between two tree sizes',
    description: 'Proves the tree of size `from` (a checkpoint you kept) is a prefix of the tree of size `to`.',
  })
  consistency(@Query() { from, to }: ConsistencyQueryDto) {
    return this.proofs.consistency(from, to);
  }

  @Get('cases/:caseId/evidence')
  @Roles('investigator', 'admin', 'regulator')
  @ApiOperation({
    summary: "A case's evidence bundle",
    description:
      'Every commit of the case exactly as stored, each with its inclusion proof against the latest checkpoint; ' +
      'with `since`, a consistency proof from that tree size. A regulator gets only cases notified to it. Check it ' +
      'offline with `npm run cli -- verify <file>`.',
  })
  evidence(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Query() { since }: EvidenceQueryDto,
    @CommandRequest() { actor }: RequestContext,
  ) {
    return this.proofs.evidence(caseId, actor, since);
  }
}
