/**
 * The HTTP face of the example service (node:http, no framework): recommend, observe and health
 * around one recommender. JSON in, JSON out; library errors become 400 with their message.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { GfpError, type Recommender, type SharedLedger } from 'goods-find-people';

/** Largest request body accepted, bytes. */
const MAX_BODY = 1 << 20;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, `body over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object');
  return body as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** POST /recommend { userId, n?, now?, topics?, exclude? } -> the slate's items. */
function recommend(rec: Recommender, body: Record<string, unknown>): unknown {
  if (typeof body.userId !== 'string') throw new HttpError(400, 'userId must be a string');
  const slate = rec.recommend(body.userId, {
    ...(body.n === undefined ? {} : { n: Number(body.n) }),
    ...(body.now === undefined ? {} : { now: Number(body.now) }),
    ...(Array.isArray(body.topics) ? { topics: body.topics } : {}),
    ...(Array.isArray(body.exclude) ? { exclude: body.exclude.map(String) } : {}),
  });
  return { userId: slate.userId, coldStart: slate.trace.coldStart, now: slate.trace.now, items: slate.items };
}

/**
 * POST /observe { events?, topics?, products? } (the keys `observe` takes are passed through as
 * they are; the library validates every record). `products` lists records to add or replace and
 * `{ id, remove: true }` to remove, applied without a refit. Each replica holds its own catalogue
 * and histories: send catalogue changes and events to every replica (the ledger is the shared part).
 */
function observe(rec: Recommender, body: Record<string, unknown>): unknown {
  const input: Parameters<Recommender['observe']>[0] = {};
  for (const key of ['events', 'topics', 'products'] as const) {
    if (body[key] === undefined) continue;
    if (!Array.isArray(body[key])) throw new HttpError(400, `${key} must be an array`);
    Object.assign(input, { [key]: body[key] });
  }
  return rec.observe(input);
}

/** GET /health: `ok`, or `degraded` while the shared ledger's store is down or its view stale (still serving). */
function health(rec: Recommender, ledger: SharedLedger | undefined): unknown {
  const stats = ledger?.stats();
  const degraded = stats !== undefined && (stats.state === 'down' || stats.stale);
  const totals = rec.ledger.snapshot(undefined, []).totals;
  return { status: degraded ? 'degraded' : 'ok', fitted: rec.fitted, ledger: { ...stats, totals } };
}

/** The request listener: routes, JSON bodies, errors as JSON with a status. */
export function createServiceHandler(rec: Recommender, ledger?: SharedLedger): RequestListener {
  return (req, res) => {
    void (async () => {
      try {
        const route = `${req.method} ${new URL(req.url ?? '/', 'http://local').pathname}`;
        if (route === 'GET /health') return send(res, 200, health(rec, ledger));
        if (route === 'POST /recommend') return send(res, 200, recommend(rec, await readJson(req)));
        if (route === 'POST /observe') return send(res, 200, observe(rec, await readJson(req)));
        throw new HttpError(404, `no route ${route}`);
      } catch (error) {
        if (error instanceof HttpError) return send(res, error.status, { error: error.message });
        if (error instanceof GfpError) return send(res, 400, { error: error.message, code: error.code });
        console.error(error);
        return send(res, 500, { error: 'internal error' });
      }
    })();
  };
}
