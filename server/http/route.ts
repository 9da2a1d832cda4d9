import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { EncoreError, type FieldError } from "../../protocol/index.js";
import type { SignedIn } from "../services/admin-sessions.js";
import type { Actor, ChangeSource } from "../services/audit.js";
import type { Shop } from "../services/shops.js";
import { browserRoute, type RouteConfig } from "./cors.js";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

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
  params?: P;
  body?: B;
  query?: Q;
  /** documents the 200 response in OpenAPI */
  response?: z.ZodType;
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
      auth: "none";
      handler: (input: HandlerInput<P, B, Q>) => Promise<R>;
    });

const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });

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
 * OpenAPI. Fastify's own validation and serialisation are switched off so there is one source.
 */
export function route<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType, R>(
  app: FastifyInstance,
  resolve: ShopResolver | Resolvers,
  spec: RouteSpec<P, B, Q, R>,
): void {
  const resolvers: Resolvers = typeof resolve === "function" ? { shop: resolve } : resolve;
  const resolveSession = resolvers.session;
  if (spec.auth !== "shop" && spec.auth !== "none" && !resolveSession) {
    throw new Error(`${spec.method} ${spec.url} needs a session resolver`);
  }
  const schema: Record<string, unknown> = {
    summary: spec.summary,
    tags: spec.tags,
    response: {
      200: spec.response ? jsonSchema(spec.response) : { type: "object", additionalProperties: true },
      "4xx": jsonSchema(ErrorResponse),
    },
  };
  if (spec.params) schema.params = jsonSchema(spec.params);
  if (spec.body) schema.body = jsonSchema(spec.body);
  if (spec.query) schema.querystring = jsonSchema(spec.query);
  if (spec.auth === "shop") schema.security = [{ shopSecret: [] }];
  if (spec.auth === "session") schema.security = [{ adminSession: [], csrfToken: [] }];
  if (spec.auth === "shop-or-session") schema.security = [{ shopSecret: [] }, { adminSession: [], csrfToken: [] }];
  const config: RouteConfig =
    spec.auth === "shop"
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
    // a bearer credential is a shop backend's; without one, a shop-or-session route is the back office's
    if (auth === "shop" || (auth === "shop-or-session" && request.headers.authorization !== undefined)) {
      return { shop: await resolvers.shop(request), actor: "api", source: source("api") };
    }
    const signedIn = await (resolveSession as SessionResolver)(request, reply);
    return { shop: signedIn.shop, actor: signedIn.actor, source: source(signedIn.actor), signedIn };
  };
  app.route({
    method: spec.method,
    url: spec.url,
    schema,
    config,
    validatorCompiler: () => (data) => ({ value: data }),
    serializerCompiler: () => (data) => JSON.stringify(data),
    handler: async (request, reply) => {
      const input = () => readInput(spec, request, reply);
      // who is calling is settled before what they sent: a stranger learns nothing about the input
      if (spec.auth === "none") return spec.handler(input());
      const caller = await identify(spec.auth, request, reply);
      return (spec.handler as (input: HandlerInput<P, B, Q> & Caller & { signedIn?: SignedIn }) => Promise<R>)({
        ...input(),
        ...caller,
      });
    },
  });
}
