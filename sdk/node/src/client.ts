import { randomUUID } from "node:crypto";
import { EncoreError } from "./errors.js";
import { OPERATIONS, type OperationId, type Operations } from "./routes.js";

export interface ClientOptions {
  /** the Encore server, e.g. `https://encore.example.com` */
  baseUrl: string;
  /** the shop secret (server side only: never ship it to a browser) */
  secret: string;
  /** attempts after the first for calls that are safe to repeat (default 2) */
  retries?: number;
  /** first wait between attempts in ms, doubled each time (default 200) */
  retryDelayMs?: number;
  /** how long one attempt may take before it counts as a network error (default 10 s) */
  timeoutMs?: number;
  /** a fetch of your own (a proxy agent, tests); the global one by default */
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** the ETag a write is based on (`patchConfig` needs it; `setConfig` takes it): a stale one is `config_conflict` */
  ifMatch?: string;
  /** called with the answer's ETag, when it has one (`getConfig`, `setConfig`, `patchConfig`) */
  onEtag?: (etag: string) => void;
}

type Input<K extends OperationId> = Operations[K]["input"];
type Output<K extends OperationId> = Operations[K]["output"];

/** One method per operation of the API, named by its operationId. */
export type OperationMethods = {
  [K in OperationId]: Record<string, never> extends Input<K>
    ? (input?: Input<K>, options?: CallOptions) => Promise<Output<K>>
    : (input: Input<K>, options?: CallOptions) => Promise<Output<K>>;
};

interface AnyInput {
  path?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: Record<string, unknown> | string;
  /** the media type of a body sent as it is (an import file) */
  contentType?: string;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * A call is repeated after a network error (or a 5xx, 429) only when repeating cannot apply it
 * twice: a read, a PUT of a whole value, or a POST the server recognises by its idempotency key.
 */
function repeatable(id: OperationId): boolean {
  const route = OPERATIONS[id];
  return route.method !== "POST" || route.idempotentOn !== null;
}

/** The body as sent on every attempt: the API's own idempotency key is fixed before the first. */
function withKey(id: OperationId, body: AnyInput["body"]) {
  const key = OPERATIONS[id].idempotentOn;
  if (!body || typeof body === "string") return body;
  if (key?.in !== "body" || body[key.name] !== undefined) return body;
  return { ...body, [key.name]: randomUUID() };
}

function urlOf(baseUrl: string, id: OperationId, input: AnyInput): string {
  const path = OPERATIONS[id].path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = input.path?.[name];
    if (value === undefined) throw new TypeError(`${id}: path parameter ${name} is missing`);
    return encodeURIComponent(String(value));
  });
  const url = new URL(path, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  for (const [name, value] of Object.entries(input.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

async function answerOf(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new EncoreError("invalid_response", `HTTP ${response.status} without a JSON body`, response.status);
  }
}

export class EncoreClient {
  private readonly options: Required<Omit<ClientOptions, "fetch">> & { fetch: typeof fetch };

  constructor(options: ClientOptions) {
    this.options = {
      retries: 2,
      retryDelayMs: 200,
      timeoutMs: 10_000,
      fetch: (...args) => fetch(...args),
      ...options,
    };
  }

  /** Calls an operation by its operationId; the generated methods do the same with types. */
  async call<K extends OperationId>(id: K, input?: Input<K>, options: CallOptions = {}): Promise<Output<K>> {
    const given = (input ?? {}) as AnyInput;
    const body = withKey(id, given.body);
    const raw = typeof body === "string";
    const url = urlOf(this.options.baseUrl, id, given);
    const attempts = repeatable(id) ? this.options.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        const signal = AbortSignal.any([
          AbortSignal.timeout(this.options.timeoutMs),
          ...(options.signal ? [options.signal] : []),
        ]);
        response = await this.options.fetch(url, {
          method: OPERATIONS[id].method,
          headers: {
            authorization: `Bearer ${this.options.secret}`,
            ...(options.ifMatch ? { "if-match": options.ifMatch } : {}),
            accept: "application/json",
            ...(body
              ? { "content-type": raw ? (given.contentType ?? "application/octet-stream") : "application/json" }
              : {}),
          },
          body: body ? (raw ? body : JSON.stringify(body)) : null,
          signal,
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        if (attempt >= attempts) {
          throw new EncoreError("network_error", `${id}: no answer from ${url}`, null, { cause: error });
        }
        await sleep(this.options.retryDelayMs * 2 ** (attempt - 1));
        continue;
      }
      const transient = response.status >= 500 || response.status === 429;
      if (transient && attempt < attempts) {
        await response.body?.cancel();
        await sleep(this.options.retryDelayMs * 2 ** (attempt - 1));
        continue;
      }
      const answer = await answerOf(response);
      const etag = response.headers.get("etag");
      if (etag && options.onEtag) options.onEtag(etag);
      if (response.ok) return answer as Output<K>;
      const error = (answer as { error?: { code?: unknown; message?: unknown } }).error;
      if (typeof error?.code !== "string") {
        throw new EncoreError("invalid_response", `HTTP ${response.status} without an error code`, response.status);
      }
      throw new EncoreError(error.code as EncoreError["code"], String(error.message ?? error.code), response.status);
    }
  }
}

/** A client for the shop API: `client.createOrder({ body })`, `client.getViewer({ path: { viewerId } })`… */
export function createClient(options: ClientOptions): EncoreClient & OperationMethods {
  const client = new EncoreClient(options);
  const methods = Object.fromEntries(
    (Object.keys(OPERATIONS) as OperationId[]).map((id) => [
      id,
      (input?: Input<typeof id>, callOptions?: CallOptions) => client.call(id, input, callOptions),
    ]),
  );
  return Object.assign(client, methods) as unknown as EncoreClient & OperationMethods;
}
