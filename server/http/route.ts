import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { EncoreError } from "../../protocol/index.js";
import type { Shop } from "../services/shops.js";
import { browserRoute, type RouteConfig } from "./cors.js";
import { declareOperation, type IdempotencyKey, type OperationSecurity } from "./openapi.js";

type Method = "GET" | "POST" | "PUT" | "DELETE";

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
   * What a replay is recognised by (a body field or a path parameter): sending the call again
   * after a lost answer changes nothing, so clients (the SDK) may retry it.
   */
  idempotentOn?: IdempotencyKey;
  /** the 200 response, in OpenAPI and in the SDK's types */
  response?: z.ZodType;
  /**
   * A browser route that reads the viewer's or host's token as an optional bearer itself (a guest
   * sends none): declared so the document says which credential goes there.
   */
  viewerToken?: "optional";
}

/**
 * shop routes need `Authorization: Bearer <shop secret>` and are called server to server; every
 * other route is the browser's (the widget's, the console's) and answers CORS for the shop's
 * allowed origins (server/http/cors.ts), with no per-route setting to forget. Only a shop
 * route's handler is given a shop: the other kind has none to give.
 */
type RouteSpec<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType, R> =
  | (SpecBase<P, B, Q> & {
      auth: "shop";
      handler: (input: HandlerInput<P, B, Q> & { shop: Shop }) => Promise<R>;
    })
  | (SpecBase<P, B, Q> & {
      auth: "none";
      handler: (input: HandlerInput<P, B, Q>) => Promise<R>;
    });

const VERBS: Record<Method, string> = { GET: "get", POST: "create", PUT: "update", DELETE: "delete" };

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
    const detail = result.error.issues.map((i) => `${[where, ...i.path].join(".")}: ${i.message}`).join("; ");
    throw new EncoreError("bad_request", detail);
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
  resolveShop: (request: FastifyRequest) => Promise<Shop>,
  spec: RouteSpec<P, B, Q, R>,
): void {
  const security: OperationSecurity =
    spec.auth === "shop" ? "shopSecret" : spec.viewerToken ? "viewerTokenOptional" : "none";
  declareOperation(app, {
    method: spec.method,
    url: spec.url,
    operationId: spec.operationId ?? operationIdOf(spec.method, spec.url),
    summary: spec.summary,
    tags: spec.tags,
    security,
    params: spec.params,
    query: spec.query,
    body: spec.body,
    response: spec.response,
    idempotentOn: spec.idempotentOn,
  });
  const config: RouteConfig = spec.auth === "shop" ? { caller: "server" } : browserRoute(app, spec.method, spec.url);
  app.route({
    method: spec.method,
    url: spec.url,
    // zod validates at the edge and documents the route (openapi.ts): Fastify gets no schema of its own
    schema: { hide: true },
    config,
    handler: async (request, reply) => {
      const input = () => readInput(spec, request, reply);
      // who is calling is settled before what they sent: a stranger learns nothing about the input
      if (spec.auth === "shop") {
        const shop = await resolveShop(request);
        return spec.handler({ ...input(), shop });
      }
      return spec.handler(input());
    },
  });
}
