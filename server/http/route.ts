import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest, RequestPayload } from "fastify";
import type { z } from "zod";
import { EncoreError, type FieldError } from "../../protocol/index.js";
import type { SignedIn } from "../services/admin-sessions.js";
import type { Actor, ChangeSource } from "../services/audit.js";
import type { Shop } from "../services/shops.js";
import { browserRoute, type RouteConfig } from "./cors.js";
import { declareOperation, type IdempotencyKey, type OperationSecurity } from "./openapi.js";
import { hasSessionCookie } from "./session.js";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Upload {
  mediaTypes: readonly string[];
  schema: z.ZodType;
}

export type ShopResolver = (request: FastifyRequest) => Promise<Shop>;
export type SessionResolver = (request: FastifyRequest, reply: FastifyReply) => Promise<SignedIn>;

/** How a route learns who calls: the shop secret, and (for the back office) the session cookie. */
export interface Resolvers {
  shop: ShopResolver;
  session?: SessionResolver;
}

/** What a route that knows its caller's shop gets besides the input: the shop, and who did it. */
interface Caller {
  shop: Shop;
  actor: Actor;
  /** who and which request, for the audit entries of what the handler changes */
  source: ChangeSource;
}

/** What every handler gets: the validated input and the raw request and reply. */
interface HandlerInput<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType> {
  params: z.infer<P>;
  body: z.infer<B>;
  query: z.infer<Q>;
  request: FastifyRequest;
  reply: FastifyReply;
}

interface SpecBase<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType> {
  method: Method;
  url: string;
  summary: string;
  tags: string[];
  /** the OpenAPI operationId (and the SDK's method name); derived from method and URL when left out */
  operationId?: string;
  params?: P;
  body?: B;
  query?: Q;
  /**
   * A file sent as the raw body in one of these media types, read by the handler as a stream
   * (`request.body`), never whole: `schema` documents it (the handler validates it line by line).
   */
  upload?: Upload;
  /**
   * What a replay is recognised by (a body field or a path parameter): sending the call again
   * after a lost answer changes nothing, so clients (the SDK) may retry it.
   */
  idempotentOn?: IdempotencyKey;
  /** the 200 response, in OpenAPI and in the SDK's types */
  response?: z.ZodType;
  /** answers with a 303 to a page instead of a body: where it sends the browser, in words */
  redirects?: string;
  /**
   * A browser route that reads the viewer's or host's token as a bearer itself, optional (a guest
   * sends none) or required: declared so the document says which credential goes there.
   */
  viewerToken?: "optional" | "required";
}

/**
 * shop routes need `Authorization: Bearer <shop secret>` and are called server to server;
 * session routes are the back office's (the console page on this server's own origin), with
 * the session cookie and, on writes, its CSRF token; shop-or-session routes take either. Every
 * other route is the browser's (the widget's, the console's) and answers CORS for the shop's
 * allowed origins (server/http/cors.ts), with no per-route setting to forget. Only a route that
 * knows its caller's shop is given one: the other kind has none to give.
 */
type RouteSpec<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType, R> =
  | (SpecBase<P, B, Q> & {
      auth: "shop";
      handler: (input: HandlerInput<P, B, Q> & Caller) => Promise<R>;
    })
  | (SpecBase<P, B, Q> & {
      auth: "shop-or-session";
      /** `signedIn` when a session called, not the shop's backend */
      handler: (input: HandlerInput<P, B, Q> & Caller & { signedIn?: SignedIn }) => Promise<R>;
    })
  | (SpecBase<P, B, Q> & {
      auth: "session";
      handler: (input: HandlerInput<P, B, Q> & Caller & { signedIn: SignedIn }) => Promise<R>;
    })
  | (SpecBase<P, B, Q> & {
      /**
       * Called by another service that signs each body (Shopify's webhooks): `verify` reads the
       * raw bytes as they came, before they are parsed, and names the shop whose secret they
       * check against, or refuses them; the body is parsed only after that.
       */
      auth: "signed";
      signedBy: SignedSecurity;
      verify: (request: FastifyRequest, rawBody: Buffer) => Promise<Shop>;
      /** the largest body, in bytes (the server's JSON limit when left out) */
      bodyLimit?: number;
      /** `rawBody`: the bytes the signature was checked over, for a handler that must read them exactly */
      handler: (input: HandlerInput<P, B, Q> & { shop: Shop; rawBody: Buffer }) => Promise<R>;
    })
  | (SpecBase<P, B, Q> & {
      auth: "none";
      handler: (input: HandlerInput<P, B, Q>) => Promise<R>;
    });

type SignedSecurity = Extract<OperationSecurity, "shopifyHmac">;

/** The shop each signed request was verified as, from its raw body, for the handler. */
const signedShop = new WeakMap<FastifyRequest, { shop: Shop; rawBody: Buffer }>();

async function readAll(payload: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > limit) throw new EncoreError("payload_too_large", `the body is over ${limit} bytes`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

const VERBS: Record<Method, string> = { GET: "get", POST: "create", PUT: "update", PATCH: "patch", DELETE: "delete" };

const pascal = (segment: string) =>
  segment
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join("");

const isPlural = (word: string) => /[^su]s$/.test(word);
const singular = (word: string) =>
  word.endsWith("ies") ? `${word.slice(0, -3)}y` : /(ch|sh|x)es$/.test(word) ? word.slice(0, -2) : word.slice(0, -1);
const one = (word: string) => (isPlural(word) ? singular(word) : word);

/**
 * The operationId of a route, from its method and URL, so every route (and every SDK method)
 * gets a readable one without anyone writing it: `GET /v1/viewers/:viewerId` → `getViewer`,
 * `GET /v1/products` → `listProducts`, `POST /v1/orders` → `createOrder`, an action after an id
 * (`POST /v1/coupons/:code/redeem`) → `redeemCoupon`, `PUT /v1/products/:sku` → `updateProduct`.
 */
export function operationIdOf(method: Method, url: string): string {
  const segments = url.split("/").filter((s) => s && s !== "v1");
  const last = segments.at(-1) ?? "root";
  const afterId = segments.length >= 2 && segments.at(-2)?.startsWith(":");
  const nouns = segments.filter((s) => !s.startsWith(":"));
  const action = method === "POST" && afterId && !isPlural(last);
  const resource = (action ? nouns.slice(0, -1) : nouns).map((word, i, all) => {
    // a collection read whole keeps its plural; a collection named on the way to one item does not
    const listed = method === "GET" && i === all.length - 1 && !last.startsWith(":");
    return pascal(listed ? word : one(word));
  });
  const verb = action ? last : method === "GET" && isPlural(last) && !last.startsWith(":") ? "list" : VERBS[method];
  const name = `${verb}${resource.join("")}`;
  return name[0]?.toLowerCase() + pascal(name).slice(1);
}

function parse<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.infer<S> {
  if (!schema) return undefined as z.infer<S>;
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    // a body's fields are named as the form names them; a query's and params' with where they were
    const fields: FieldError[] = result.error.issues.map((i) => ({
      path: (where === "body" ? i.path : [where, ...i.path]).join("."),
      message: i.message,
    }));
    const detail = result.error.issues.map((i) => `${[where, ...i.path].join(".")}: ${i.message}`).join("; ");
    throw new EncoreError("bad_request", detail, fields);
  }
  return result.data;
}

function readInput<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType>(
  spec: SpecBase<P, B, Q>,
  request: FastifyRequest,
  reply: FastifyReply,
): HandlerInput<P, B, Q> {
  return {
    params: parse(spec.params, request.params, "params"),
    body: parse(spec.body, request.body, "body"),
    query: parse(spec.query, request.query, "query"),
    request,
    reply,
  };
}

/**
 * Declares a route once: zod validates it at the edge, and the same schemas document it in
 * OpenAPI (openapi.ts). Fastify's own validation and serialisation stay out so there is one source.
 */
export function route<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType, R>(
  app: FastifyInstance,
  resolve: ShopResolver | Resolvers,
  spec: RouteSpec<P, B, Q, R>,
): void {
  const resolvers: Resolvers = typeof resolve === "function" ? { shop: resolve } : resolve;
  const resolveSession = resolvers.session;
  if (spec.auth !== "shop" && spec.auth !== "none" && spec.auth !== "signed" && !resolveSession) {
    throw new Error(`${spec.method} ${spec.url} needs a session resolver`);
  }
  const security: Record<RouteSpec<P, B, Q, R>["auth"], OperationSecurity> = {
    shop: "shopSecret",
    session: "adminSession",
    "shop-or-session": "shopSecretOrAdminSession",
    none: spec.viewerToken === "required" ? "viewerToken" : spec.viewerToken ? "viewerTokenOptional" : "none",
    signed: spec.auth === "signed" ? spec.signedBy : "none",
  };
  declareOperation(app, {
    method: spec.method,
    url: spec.url,
    operationId: spec.operationId ?? operationIdOf(spec.method, spec.url),
    summary: spec.summary,
    tags: spec.tags,
    security: security[spec.auth],
    params: spec.params,
    query: spec.query,
    body: spec.body,
    upload: spec.upload,
    response: spec.response,
    redirects: spec.redirects,
    idempotentOn: spec.idempotentOn,
  });
  const config: RouteConfig =
    spec.auth === "shop" || spec.auth === "signed"
      ? { caller: "server" }
      : spec.auth === "none"
        ? browserRoute(app, spec.method, spec.url)
        : { caller: "back-office" };
  const identify = async (
    auth: "shop" | "session" | "shop-or-session",
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<Caller & { signedIn?: SignedIn }> => {
    const source = (actor: Actor): ChangeSource => ({ actor, requestId: request.id });
    // a bearer credential is a shop backend's, a session cookie the back office's; with neither,
    // the caller is told what a shop route says to anyone without its secret (401 unauthorized)
    const backOffice = request.headers.authorization === undefined && hasSessionCookie(request);
    if (auth === "shop" || (auth === "shop-or-session" && !backOffice)) {
      return { shop: await resolvers.shop(request), actor: "api", source: source("api") };
    }
    const signedIn = await (resolveSession as SessionResolver)(request, reply);
    return { shop: signedIn.shop, actor: signedIn.actor, source: source(signedIn.actor), signedIn };
  };
  const signed = spec.auth === "signed" ? spec : undefined;
  const bodyLimit = signed?.bodyLimit ?? app.initialConfig.bodyLimit ?? 1024 * 1024;
  // the signature covers the bytes as sent, so they are read and checked before any parser sees them
  const preParsing = async (request: FastifyRequest, _reply: FastifyReply, payload: RequestPayload) => {
    if (!signed) return payload;
    const raw = await readAll(payload, bodyLimit);
    signedShop.set(request, { shop: await signed.verify(request, raw), rawBody: raw });
    const again = Readable.from([raw]) as Readable & { receivedEncodedLength?: number };
    again.receivedEncodedLength = raw.length;
    return again;
  };
  app.route({
    method: spec.method,
    url: spec.url,
    // zod validates at the edge and documents the route (openapi.ts): Fastify gets no schema of its own
    schema: { hide: true },
    config,
    // typed by Fastify per route; this one reads no route-specific request type
    ...(signed ? { bodyLimit, preParsing: preParsing as never } : {}),
    handler: async (request, reply) => {
      const input = () => readInput(spec, request, reply);
      // who is calling is settled before what they sent: a stranger learns nothing about the input
      if (spec.auth === "none") return spec.handler(input());
      if (spec.auth === "signed") {
        const verified = signedShop.get(request);
        if (!verified) throw new EncoreError("signature_invalid", "send the body its signature was made over");
        return spec.handler({ ...input(), ...verified });
      }
      const caller = await identify(spec.auth, request, reply);
      return (spec.handler as (input: HandlerInput<P, B, Q> & Caller & { signedIn?: SignedIn }) => Promise<R>)({
        ...input(),
        ...caller,
      });
    },
  });
}
