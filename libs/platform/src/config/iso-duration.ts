/** An ISO 8601 duration (`P6Y`, `P1Y6M`, `P30D`, `PT2S`): whole units only, as RETENTION_AFTER_CLOSE accepts. */
export const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/** The instant `duration` after `from`: years and months by the UTC calendar, the rest by elapsed time. */
export function addIsoDuration(from: Date, duration: string): Date {
  const match = ISO_DURATION.exec(duration);
  if (!match) throw new RangeError(`not an ISO 8601 duration: ${duration}`);
  const [years, months, weeks, days, , hours, minutes, seconds] = match.slice(1).map((part) => parseInt(part ?? '0'));
  const result = new Date(from.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + years, result.getUTCMonth() + months);
  const elapsedMs = ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
  return new Date(result.getTime() + elapsedMs);
}
