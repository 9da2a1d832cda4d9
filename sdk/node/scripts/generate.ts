/**
 * Writes sdk/node/src/routes.ts from the server's OpenAPI document: a TypeScript type per
 * component, and one entry per operation (method, path, where its inputs go, what it answers,
 * what makes a replay harmless). `npm run build` runs it, so the SDK follows the routes.
 * `--check` only compares, and fails when the file is out of date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createApp } from "../../../server/app.js";
import { systemClock } from "../../../server/clock.js";
import { openStore } from "../../../server/store/database.js";

type Json = Record<string, unknown>;

const OUT = fileURLToPath(new URL("../src/routes.ts", import.meta.url));
const COMPONENTS = "#/components/schemas/";
/** the body field that exists only to make a call replayable: the client fills it when left out */
const GENERATED_KEY = "idempotencyKey";

const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

/** JSON Schema (the subset zod emits) as a TypeScript type. */
export function typeOf(schema: Json | undefined, indent = ""): string {
  if (!schema || Object.keys(schema).length === 0) return "unknown";
  if (typeof schema.$ref === "string") return schema.$ref.slice(COMPONENTS.length);
  if ("const" in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  for (const combinator of ["anyOf", "oneOf"] as const) {
    const list = schema[combinator];
    if (Array.isArray(list)) return list.map((s) => typeOf(s as Json, indent)).join(" | ");
  }
  if (Array.isArray(schema.allOf)) return schema.allOf.map((s) => `(${typeOf(s as Json, indent)})`).join(" & ");
  if (Array.isArray(schema.type)) {
    return schema.type.map((t) => typeOf({ ...schema, type: t }, indent)).join(" | ");
  }
  switch (schema.type) {
    case "string":
      return "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array":
      if (Array.isArray(schema.prefixItems))
        return `[${schema.prefixItems.map((s) => typeOf(s as Json, indent)).join(", ")}]`;
      return `Array<${typeOf(schema.items as Json, indent)}>`;
    case "object":
      return objectType(schema, indent);
    default:
      return "unknown";
  }
}

function objectType(schema: Json, indent: string, optional: ReadonlySet<string> = new Set()): string {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  const inner = `${indent}  `;
  const lines = Object.entries(properties).map(([name, property]) => {
    const doc = typeof property.description === "string" ? `${inner}/** ${property.description} */\n` : "";
    const mark = required.has(name) && !optional.has(name) ? "" : "?";
    return `${doc}${inner}${key(name)}${mark}: ${typeOf(property, inner)};`;
  });
  const extra = schema.additionalProperties;
  if (extra && typeof extra === "object") {
    const keys = (schema.propertyNames as Json | undefined) ?? { type: "string" };
    const keyType = typeOf(keys, inner);
    if (lines.length === 0) return `{ [key in ${keyType}]?: ${typeOf(extra as Json, inner)} }`;
    lines.push(`${inner}[key: string]: unknown;`);
  }
  if (lines.length === 0) return "Record<string, never>";
  return `{\n${lines.join("\n")}\n${indent}}`;
}

interface Operation {
  method: string;
  path: string;
  op: Json;
}

/** Signed by another platform (Shopify's webhooks): that platform calls them, never a backend. */
const signedElsewhere = (op: Json) => ((op.security ?? []) as Json[]).some((scheme) => "shopifyHmac" in scheme);

/**
 * Operations no backend calls: signing in to the back office and its own session (a browser's,
 * with a cookie), and the routes another platform calls with its own signature.
 */
export const notForBackends = (op: Json) =>
  signedElsewhere(op) ||
  (((op.tags ?? []) as string[]).includes("back office") &&
    !((op.security ?? []) as Json[]).some((scheme) => "shopSecret" in scheme));

function operationsOf(document: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      if (notForBackends(op as Json)) continue;
      out.push({ method: method.toUpperCase(), path, op: op as Json });
    }
  }
  return out.sort((a, b) => String(a.op.operationId).localeCompare(String(b.op.operationId)));
}

const bodyRef = (op: Json) =>
  ((op.requestBody as Json | undefined)?.content as Json | undefined)?.["application/json"] as Json | undefined;
/** A file sent as the raw body (an import): its media types, when the operation takes one. */
const fileTypes = (op: Json) =>
  Object.keys(((op.requestBody as Json | undefined)?.content as Json | undefined) ?? {}).filter(
    (type) => type !== "application/json",
  );
const okRef = (op: Json) =>
  (((op.responses as Json)["200"] as Json | undefined)?.content as Json | undefined)?.["application/json"] as
    | Json
    | undefined;

function parametersType(op: Json, where: "path" | "query"): string | null {
  const params = ((op.parameters ?? []) as Json[]).filter((p) => p.in === where);
  if (params.length === 0) return null;
  const schema = {
    type: "object",
    properties: Object.fromEntries(params.map((p) => [p.name, { ...(p.schema as Json), description: p.description }])),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
  return objectType(schema, "    ");
}

export function generate(document: Json): string {
  const schemas = (document.components as { schemas: Record<string, Json> }).schemas;
  const out: string[] = [
    "// Generated by sdk/node/scripts/generate.ts from the server's OpenAPI document: do not edit.",
    "// `npm run build` writes it again.",
    "/* eslint-disable */",
    "",
  ];
  for (const [name, schema] of Object.entries(schemas)) {
    const doc = typeof schema.description === "string" ? `/** ${schema.description} */\n` : "";
    out.push(`${doc}export type ${name} = ${typeOf(schema)};`, "");
  }

  const operations = operationsOf(document);
  out.push(
    "/** Every operation: what it takes (path, query, body) and what it answers. */",
    "export interface Operations {",
  );
  for (const { op } of operations) {
    const idempotent = op["x-idempotent-on"] as { in: string; name: string } | undefined;
    const path = parametersType(op, "path");
    const query = parametersType(op, "query");
    const body = bodyRef(op)?.schema as Json | undefined;
    const bodyName = body ? typeOf(body) : null;
    // the API's own key may be left out: the client makes one up and sends it with every retry
    const made = JSON.stringify(GENERATED_KEY);
    const bodyType =
      bodyName && idempotent?.in === "body" && idempotent.name === GENERATED_KEY
        ? `Omit<${bodyName}, ${made}> & Partial<Pick<${bodyName}, ${made}>>`
        : bodyName;
    const files = fileTypes(op);
    const lines = [
      path ? `    path: ${path};` : null,
      query ? `    query?: ${query};` : null,
      bodyType ? `    body: ${bodyType};` : null,
      // a file goes as it is, in the media type given
      files.length > 0 ? "    body: string;" : null,
      files.length > 0 ? `    contentType: ${files.map((t) => JSON.stringify(t)).join(" | ")};` : null,
    ].filter(Boolean);
    out.push(
      `  /** ${op.summary} */`,
      `  ${op.operationId}: {`,
      `    input: ${lines.length ? `{\n${lines.map((l) => `  ${l}`).join("\n")}\n    }` : "Record<string, never>"};`,
      `    output: ${typeOf(okRef(op)?.schema as Json | undefined)};`,
      "  };",
    );
  }
  out.push("}", "");
  out.push("export type OperationId = keyof Operations;", "");
  out.push(
    "export interface OperationRoute {",
    '  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";',
    "  /** with `{name}` for each path parameter */",
    "  path: string;",
    "  /** the body field or path parameter a replay is recognised by: retried after a network error */",
    '  idempotentOn: { in: "body" | "path"; name: string } | null;',
    "}",
    "",
    "export const OPERATIONS: Record<OperationId, OperationRoute> = {",
  );
  for (const { method, path, op } of operations) {
    const idempotent = op["x-idempotent-on"] ?? null;
    out.push(
      `  ${op.operationId}: { method: "${method}", path: "${path}", idempotentOn: ${idempotent ? `{ in: "${(idempotent as Json).in}", name: "${(idempotent as Json).name}" }` : "null"} },`,
    );
  }
  out.push("};", "");
  out.push("/** Every webhook's body, by event. */", "export interface WebhookPayloads {");
  for (const [event, item] of Object.entries((document.webhooks ?? {}) as Json)) {
    const schema = bodyRef((item as Json).post as Json)?.schema as Json | undefined;
    out.push(`  ${JSON.stringify(event)}: ${typeOf(schema)};`);
  }
  out.push("}", "", "export type WebhookEvent = keyof WebhookPayloads;", "");
  out.push(
    `export const WEBHOOK_EVENTS = ${JSON.stringify(Object.keys((document.webhooks ?? {}) as Json))} as const;`,
    "",
  );
  return out.join("\n");
}

/** The document as the server serves it, from an app on a throwaway in-memory store. */
export async function serverDocument(): Promise<Json> {
  const store = await openStore(":memory:");
  const app = await createApp({ store, clock: systemClock, webhookPollMs: 0, sweepEveryMs: 0 });
  try {
    const response = await app.http.inject({ method: "GET", url: "/openapi.json" });
    return response.json() as Json;
  } finally {
    await app.close();
    await store.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = generate(await serverDocument());
  if (process.argv.includes("--check")) {
    if (readFileSync(OUT, "utf8") !== text) {
      console.error("sdk/node/src/routes.ts is out of date: run npm run build");
      process.exit(1);
    }
  } else {
    writeFileSync(OUT, text);
  }
}
