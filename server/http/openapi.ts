import type { FastifyInstance } from "fastify";
import { z } from "zod";
import * as protocol from "../../protocol/index.js";
import { SIGNATURE_HEADER } from "../domain/webhooks.js";

/** Who may call an operation: the shop's backend, a page with its viewer's token (or a guest), anyone. */
export type OperationSecurity =
  | "shopSecret"
  | "adminSession"
  | "shopSecretOrAdminSession"
  | "viewerTokenOptional"
  | "viewerToken"
  | "shopifyHmac"
  | "none";

/** The body field or path parameter that makes a repeated call a replay (documented as `x-idempotent-on`). */
export interface IdempotencyKey {
  in: "body" | "path";
  name: string;
}

/** One route as the document describes it; route() declares every one. */
export interface OperationDoc {
  method: string;
  url: string;
  operationId: string;
  summary: string;
  tags: string[];
  security: OperationSecurity;
  params?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  body?: z.ZodType | undefined;
  /** a file as the raw body, in these media types */
  upload?: { mediaTypes: readonly string[]; schema: z.ZodType } | undefined;
  response?: z.ZodType | undefined;
  /** a route that answers by sending the browser on (303), with what it says of where */
  redirects?: string | undefined;
  idempotentOn?: IdempotencyKey | undefined;
}

const declared = new WeakMap<FastifyInstance, OperationDoc[]>();

export function declareOperation(app: FastifyInstance, doc: OperationDoc): void {
  const list = declared.get(app) ?? [];
  list.push(doc);
  declared.set(app, list);
}

type Json = Record<string, unknown>;

const COMPONENTS = "#/components/schemas/";
/** marks a reference made by the input-side conversion until it is resolved to a component name */
const INPUT_MARK = "~input";

const SECURITY: Record<OperationSecurity, Json[]> = {
  shopSecret: [{ shopSecret: [] }],
  adminSession: [{ adminSession: [], csrfToken: [] }],
  shopSecretOrAdminSession: [{ shopSecret: [] }, { adminSession: [], csrfToken: [] }],
  // a guest calls without a token: either is fine
  viewerTokenOptional: [{ viewerToken: [] }, {}],
  viewerToken: [{ viewerToken: [] }],
  shopifyHmac: [{ shopifyHmac: [] }],
  none: [],
};

const TAGS: Record<string, string> = {
  operations: "Liveness of the server",
  shop: "The shop's configuration and live rooms",
  offers: "Lucky-bag draws, published for anyone to check",
  viewers: "A viewer's wallet, ledger, touches and segments",
  orders: "Paid orders and refunds: points, growth and coupons follow them",
  import: "A shop's history brought over: past orders and members, from NDJSON or CSV files",
  coupons: "Coupon templates and redemption at checkout",
  products: "The catalogue the host features from",
  webhooks: "Where webhooks go, and what became of each delivery",
  insight: "The dashboard's figures and the shop's experiments",
  video: "Live video tokens for the widget's player",
  moderation: "Who may comment: the shop's muted viewers and unmuting (blocked words are in the config)",
  "back office": "Signing in to the back office, its sessions, and the audit log of who changed what",
  integrations: "Other platforms' events turned into Encore's: a Shopify store's paid orders and refunds",
  keys: "The shop's API keys (stored hashed, shown once) and its viewer-token signing key (rotated with an overlap window)",
};

const pascal = (id: string) => id[0]?.toUpperCase() + id.slice(1);

/**
 * Every zod schema the protocol exports is a component named as it is exported, so the document
 * and the TypeScript types say the same name; a schema a route declares inline is named after the
 * route's operation (`listRoomsResponse` → `ListRoomsResponse`).
 */
function componentNames(operations: readonly OperationDoc[]): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  const taken = new Set<string>();
  const name = (schema: z.ZodType, wanted: string) => {
    if (names.has(schema)) return;
    let unique = wanted;
    for (let n = 2; taken.has(unique); n++) unique = `${wanted}${n}`;
    names.set(schema, unique);
    taken.add(unique);
  };
  for (const [exported, value] of Object.entries(protocol)) {
    if (value instanceof z.ZodType) name(value, exported);
  }
  for (const op of operations) {
    const base = pascal(op.operationId);
    if (op.params) name(op.params, `${base}Params`);
    if (op.query) name(op.query, `${base}Query`);
    if (op.body) name(op.body, `${base}Body`);
    if (op.upload) name(op.upload.schema, `${base}File`);
    if (op.response) name(op.response, `${base}Response`);
  }
  return names;
}

/** Drops what JSON Schema documents carry and OpenAPI components must not. */
function bare(schema: Json): Json {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** Calls `visit` on every `$ref` string below `value`, replacing it with what `visit` returns. */
function mapRefs(value: unknown, visit: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapRefs(v, visit));
  if (value && typeof value === "object") {
    const out: Json = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = key === "$ref" && typeof v === "string" ? visit(v) : mapRefs(v, visit);
    }
    return out;
  }
  return value;
}

function refsIn(value: unknown): string[] {
  const found: string[] = [];
  mapRefs(value, (ref) => {
    found.push(ref);
    return ref;
  });
  return found;
}

const nameOfRef = (ref: string) => ref.slice(COMPONENTS.length).replace(INPUT_MARK, "");

/**
 * The components, each in what a response carries (output) and, where it differs, in what a
 * request may send (input: defaults optional, `{Name}Input`). A schema differs when its own
 * shape does or when anything it refers to does.
 */
function components(names: Map<z.ZodType, string>) {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of names) registry.add(schema, { id });
  const convert = (io: "input" | "output", mark: string) =>
    z.toJSONSchema(registry, { io, unrepresentable: "any", uri: (id) => `${COMPONENTS}${id}${mark}` }).schemas;
  const output = convert("output", "");
  const input = convert("input", INPUT_MARK);
  const differs = new Set<string>();
  for (const [id, schema] of Object.entries(input)) {
    const plain = mapRefs(bare(schema), (ref) => ref.replace(INPUT_MARK, ""));
    if (JSON.stringify(plain) !== JSON.stringify(bare(output[id] ?? {}))) differs.add(id);
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const [id, schema] of Object.entries(input)) {
      if (!differs.has(id) && refsIn(schema).some((ref) => differs.has(nameOfRef(ref)))) {
        differs.add(id);
        grew = true;
      }
    }
  }
  const inputName = (id: string) => (differs.has(id) ? `${id}Input` : id);
  const schemas: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(output)) schemas[id] = bare(schema);
  for (const id of differs) {
    schemas[inputName(id)] = mapRefs(
      bare(input[id] ?? {}),
      (ref) => `${COMPONENTS}${inputName(nameOfRef(ref))}`,
    ) as Json;
  }
  return { schemas, inputName };
}

const ref = (id: string) => ({ $ref: `${COMPONENTS}${id}` });
const json = (schema: Json) => ({ "application/json": { schema } });

/** Path and query parameters, one per property of the route's params or query object. */
function parameters(schema: Json | undefined, where: "path" | "query"): Json[] {
  if (!schema) return [];
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function operation(
  op: OperationDoc,
  names: Map<z.ZodType, string>,
  schemas: Record<string, Json>,
  inputName: (id: string) => string,
) {
  const inputOf = (schema: z.ZodType | undefined) => {
    const id = schema && names.get(schema);
    return id ? schemas[inputName(id)] : undefined;
  };
  const params = [...parameters(inputOf(op.params), "path"), ...parameters(inputOf(op.query), "query")];
  const body = op.body && names.get(op.body);
  const file = op.upload && names.get(op.upload.schema);
  const response = op.response && names.get(op.response);
  return {
    operationId: op.operationId,
    summary: op.summary,
    tags: op.tags,
    security: SECURITY[op.security],
    ...(op.idempotentOn ? { "x-idempotent-on": op.idempotentOn } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: { required: true, content: json(ref(inputName(body))) } } : {}),
    ...(op.upload && file
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(op.upload.mediaTypes.map((type) => [type, { schema: ref(file) }])),
          },
        }
      : {}),
    responses: {
      ...(op.redirects
        ? { 303: { description: op.redirects } }
        : { 200: { description: "OK", ...(response ? { content: json(ref(response)) } : {}) } }),
      "4XX": { description: "Refused: `error.code` says why", content: json(ref("ErrorResponse")) },
    },
  };
}

/** The webhooks the server sends, each a signed POST to the shop's endpoint with its payload. */
function webhooks(names: Map<z.ZodType, string>) {
  const out: Json = {};
  for (const event of protocol.WEBHOOK_EVENTS) {
    const payload = names.get(protocol.WEBHOOK_PAYLOADS[event]) as string;
    out[event] = {
      post: {
        operationId: `on${event.split(".").map(pascal).join("")}`,
        summary: protocol.WEBHOOK_SUMMARIES[event],
        tags: ["webhooks"],
        security: [],
        parameters: [
          {
            name: SIGNATURE_HEADER,
            in: "header",
            required: true,
            description:
              '`t=<unix ms>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint\'s secret>`: recompute it over the raw body, compare in constant time, refuse old timestamps',
            schema: { type: "string" },
          },
        ],
        requestBody: { required: true, content: json(ref(payload)) },
        responses: {
          "2XX": { description: "Received: the message is delivered" },
          "4XX": { description: "Not taken: the message is sent again later, with backoff" },
        },
      },
    };
  }
  return out;
}

/** Keeps the components the paths and webhooks reach, and gives a lone input variant the plain name. */
function reachable(document: Json, schemas: Record<string, Json>): Record<string, Json> {
  const seen = new Set<string>();
  const queue = refsIn({ paths: document.paths, webhooks: document.webhooks }).map(nameOfRef);
  while (queue.length) {
    const id = queue.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...refsIn(schemas[id]).map(nameOfRef));
  }
  const kept: Record<string, Json> = {};
  for (const id of [...seen].sort()) kept[id] = schemas[id] as Json;
  return kept;
}

function renameLoneInputs(document: Json): Json {
  const schemas = (document.components as { schemas: Record<string, Json> }).schemas;
  const renames = new Map<string, string>();
  for (const id of Object.keys(schemas)) {
    const plain = id.replace(/Input$/, "");
    if (plain !== id && !(plain in schemas) && !(protocol as Record<string, unknown>)[id]) renames.set(id, plain);
  }
  if (renames.size === 0) return document;
  const renamed = mapRefs(document, (r) => {
    const id = nameOfRef(r);
    return renames.has(id) ? `${COMPONENTS}${renames.get(id)}` : r;
  }) as Json;
  const components = renamed.components as { schemas: Record<string, Json> };
  components.schemas = Object.fromEntries(
    Object.entries(components.schemas)
      .map(([id, s]) => [renames.get(id) ?? id, s] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return renamed;
}

export interface DocumentInfo {
  version: string;
}

/** The OpenAPI 3.1 document of every route declared on `app`, and of the webhooks it sends. */
export function openApiDocument(app: FastifyInstance, info: DocumentInfo): Json {
  const operations = declared.get(app) ?? [];
  const names = componentNames(operations);
  const { schemas, inputName } = components(names);
  const paths: Record<string, Json> = {};
  for (const op of operations) {
    const path = op.url.replace(/:(\w+)/g, "{$1}");
    paths[path] = { ...paths[path], [op.method.toLowerCase()]: operation(op, names, schemas, inputName) };
  }
  const usedTags = new Set(operations.flatMap((op) => op.tags).concat("webhooks"));
  const document: Json = {
    openapi: "3.1.0",
    info: {
      title: "Encore points API",
      version: info.version,
      description:
        "The shop API of Encore (server to server, `Authorization: Bearer <shop secret>`), the widget's browser routes, and the webhooks Encore sends. Errors are `{ error: { code, message } }` with a 4xx status; `code` is one of a closed list (the ErrorBody schema), for clients to switch on.",
      license: { name: "MIT", identifier: "MIT" },
    },
    // the document is served by the server it describes
    servers: [{ url: "/", description: "this Encore server" }],
    tags: [...usedTags].sort().map((name) => ({ name, description: TAGS[name] ?? name })),
    paths,
    webhooks: webhooks(names),
    components: {
      securitySchemes: {
        shopSecret: {
          type: "http",
          scheme: "bearer",
          description:
            "one of the shop's live API keys (the shop secret it was made with is its first), from the shop's backend only",
        },
        viewerToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "the viewer's or host's token, signed by the shop's backend (HS256 with the shop's signing key, named by an optional kid header)",
        },
        adminSession: {
          type: "apiKey",
          in: "cookie",
          name: "encore_admin",
          description: "a back-office session (encore-server admin-link, or POST /v1/admin/session)",
        },
        shopifyHmac: {
          type: "apiKey",
          in: "header",
          name: "X-Shopify-Hmac-Sha256",
          description:
            "Shopify's signature of the raw body (base64 HMAC-SHA256 with the webhook secret the shop set in PUT /v1/integrations/shopify), with X-Shopify-Shop-Domain naming the store",
        },
        csrfToken: {
          type: "apiKey",
          in: "header",
          name: "X-CSRF-Token",
          description: "the session's csrfToken from GET /v1/admin/session; required on every request but GET",
        },
      },
    },
  };
  (document.components as Json).schemas = reachable(document, schemas);
  return renameLoneInputs(document);
}
