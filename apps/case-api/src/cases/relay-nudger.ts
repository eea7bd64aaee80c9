import { Inject, Injectable } from '@nestjs/common';
import { Environment } from '#libs/platform';

/** Tells the relay a commit is waiting; fire-and-forget, since the relay's poll is the safety net. */
@Injectable()
export class RelayNudger {
  private readonly url: string;

  constructor(@Inject(Environment) environment: Environment) {
    this.url = new URL('/relay/nudge', environment.RELAY_URL).toString();
  }

  nudge(): void {
    fetch(this.url, { method: 'POST', signal: AbortSignal.timeout(1_000) }).catch(() => undefined);
  }
}
