import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { EncoreError } from "../../protocol/index.js";
import type { Shop } from "../services/shops.js";
import { browserRoute, type RouteConfig } from "./cors.js";

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
  params?: P;
  body?: B;
  query?: Q;
  /** documents the 200 response in OpenAPI */
  response?: z.ZodType;
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

const ErrorResponse = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });

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
 * OpenAPI. Fastify's own validation and serialisation are switched off so there is one source.
 */
export function route<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType, R>(
  app: FastifyInstance,
  resolveShop: (request: FastifyRequest) => Promise<Shop>,
  spec: RouteSpec<P, B, Q, R>,
): void {
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
  const config: RouteConfig = spec.auth === "shop" ? { caller: "server" } : browserRoute(app, spec.method, spec.url);
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
      if (spec.auth === "shop") {
        const shop = await resolveShop(request);
        return spec.handler({ ...input(), shop });
      }
      return spec.handler(input());
    },
  });
}
