import { Controller, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { RelayService } from './relay.service.js';

@Controller('relay')
export class RelayController {
  constructor(@Inject(RelayService) private readonly relay: RelayService) {}

  /** The write path calls this after an append; polling remains the safety net. */
  @Post('nudge')
  @HttpCode(HttpStatus.ACCEPTED)
  nudge(): void {
    this.relay.nudge();
  }
}
