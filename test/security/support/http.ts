export interface Sent {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON of any shape, read by the tests
  json: any;
  ms: number;
}

export interface SendOptions {
  key?: string;
  /** The whole Authorization header (overrides `key`). */
  authorization?: string;
  /** JSON-serialised unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string | Buffer;
  /** Defaults to application/json when there is a body; null sends none. */
  contentType?: string | null;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * One request; never throws on an HTTP status. Server-Sent-Event answers are cut after the headers (the
 * status is what matters), every other body is read in full. A timeout or reset is reported as status 0.
 */
export async function send(baseUrl: string, method: string, path: string, options: SendOptions = {}): Promise<Sent> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 15_000);
  const hasBody = options.rawBody !== undefined || options.body !== undefined;
  const authorization = options.authorization ?? (options.key ? `Bearer ${options.key}` : undefined);
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      signal: controller.signal,
      headers: {
        ...(authorization !== undefined && { authorization }),
        ...(hasBody && options.contentType !== null && { 'content-type': options.contentType ?? 'application/json' }),
        ...options.headers,
      },
      body:
        options.rawBody !== undefined
          ? options.rawBody
          : options.body !== undefined
            ? JSON.stringify(options.body)
            : undefined,
    });
    let text = '';
    if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
      controller.abort();
    } else {
      text = await response.text();
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return {
      method,
      path,
      status: response.status,
      headers: response.headers,
      text,
      json,
      ms: performance.now() - started,
    };
  } catch (error) {
    return {
      method,
      path,
      status: 0,
      headers: new Headers(),
      text: String(error),
      json: undefined,
      ms: performance.now() - started,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight; results in input order. */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

export const histogram = (statuses: number[]) =>
  [...new Set(statuses)]
    .sort((a, b) => a - b)
    .map((status) => `${statuses.filter((s) => s === status).length}×${status}`)
    .join(' ');

export const truncate = (text: string, max = 300) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
