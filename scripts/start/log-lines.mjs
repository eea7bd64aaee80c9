// An app's log lines as `npm start` prints them: prefixed with the app's name, pino and kafkajs JSON rendered as
// `HH:MM:SS LEVEL msg {fields}` (LOG_FORMAT=json keeps them unchanged).

const rawLogs = process.env.LOG_FORMAT === 'json';
const colour = process.stdout.isTTY && !process.env.NO_COLOR;

/** Calls `onLine` with each complete line of a text stream, and with the last one when it ends. */
export function pipeLines(stream, onLine) {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const parts = (buffered + chunk).split('\n');
    buffered = parts.pop();
    for (const part of parts) onLine(part.replace(/\r$/, ''));
  });
  stream.on('end', () => buffered && onLine(buffered));
}

/** Writes a line, rendered, with `prefix` in front of each of its parts. */
export function writeLines(out, prefix, line) {
  out.write(
    `${render(line)
      .map((part) => prefix + part)
      .join('\n')}\n`,
  );
}

const LEVELS = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const LEVEL_COLOURS = {
  TRACE: 90,
  DEBUG: 90,
  INFO: 36,
  WARN: 33,
  ERROR: 31,
  FATAL: 31,
};

/**
 * A JSON log line → `HH:MM:SS LEVEL msg {other fields}` (+ indented stack lines); anything else unchanged.
 * Reads pino's shape (numeric level, time, msg) and kafkajs's (level name, timestamp, logger, message).
 */
function render(line) {
  if (rawLogs || !line.startsWith('{')) return [line];
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    return [line];
  }
  if (record === null || !['number', 'string'].includes(typeof record.level)) return [line];
  const { level, time, timestamp, msg, message, pid: _pid, hostname: _host, app: _app, err, trace, ...fields } = record;
  const name = typeof level === 'number' ? (LEVELS[level] ?? `L${level}`) : String(level).toUpperCase();
  const label = colour ? `\x1b[${LEVEL_COLOURS[name] ?? 0}m${name.padEnd(5)}\x1b[0m` : name.padEnd(5);
  const at = new Date(typeof time === 'number' ? time : timestamp ? Date.parse(timestamp) : Date.now());
  const clock = Number.isNaN(at.getTime()) ? '--:--:--' : at.toTimeString().slice(0, 8);
  const stack = typeof err?.stack === 'string' ? err.stack : typeof trace === 'string' ? trace : '';
  if (err !== undefined && !stack) fields.err = err;
  if (trace !== undefined && typeof trace !== 'string') fields.trace = trace;
  const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  const head = `${clock} ${label} ${msg ?? message ?? ''}${extra}`;
  return [
    head,
    ...stack
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => `    ${l.trim()}`),
  ];
}
