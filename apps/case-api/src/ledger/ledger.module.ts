import { Module } from '@nestjs/common';
import { LedgerController } from './ledger.controller.js';
import { LedgerProofs } from './ledger-proofs.js';

@Module({
  controllers: [LedgerController],
  providers: [LedgerProofs],
})
export class LedgerModule {}
