import { ERROR_CODES, WEBHOOK_EVENTS } from "../../protocol/index.js";

/*
 * What Redocly's recommended rules check, and what a client generator needs, as plain code:
 * no CLI to install. Each problem is one line naming where it is; a clean document gives none.
 */

type Json = Record<string, unknown>;
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Resolves a local `#/a/b` pointer, or undefined when it leads nowhere. */
export function resolvePointer(document: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let at: unknown = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isObject(at) || !(key in at)) return undefined;
    at = at[key];
  }
  return at;
}

function eachRef(value: unknown, where: string, visit: (ref: string, where: string) => void): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) eachRef(v, `${where}/${i}`, visit);
  } else if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") visit(v, where);
      else eachRef(v, `${where}/${key}`, visit);
    }
  }
}

/** Every schema node below a schema, with where it is: the places an untyped object could hide. */
function eachSchema(schema: unknown, where: string, visit: (schema: Json, where: string) => void): void {
  if (!isObject(schema)) return;
  visit(schema, where);
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Json)) {
    eachSchema(property, `${where}.${name}`, visit);
  }
  if (isObject(schema.additionalProperties)) eachSchema(schema.additionalProperties, `${where}{*}`, visit);
  if (schema.items) eachSchema(schema.items, `${where}[]`, visit);
  for (const key of ["anyOf", "oneOf", "allOf", "prefixItems"]) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const [i, s] of list.entries()) eachSchema(s, `${where}.${key}[${i}]`, visit);
  }
}

/** A schema a client generator could only type as "anything". */
function untyped(schema: Json): string | null {
  if (Object.keys(schema).filter((k) => k !== "description" && k !== "default").length === 0) {
    return "a schema with no type ({})";
  }
  const extra = schema.additionalProperties;
  if (extra === true || (isObject(extra) && Object.keys(extra).length === 0)) {
    return "additionalProperties without a schema";
  }
  if (schema.type === "object" && !schema.properties && schema.additionalProperties === undefined) {
    return "an object with neither properties nor additionalProperties";
  }
  return null;
}

function operations(document: Json): { where: string; op: Json; path: string | null }[] {
  const found: { where: string; op: Json; path: string | null }[] = [];
  for (const [section, isPath] of [
    ["paths", true],
    ["webhooks", false],
  ] as const) {
    for (const [path, item] of Object.entries((document[section] ?? {}) as Json)) {
      for (const method of METHODS) {
        const op = (item as Json)[method];
        if (isObject(op)) found.push({ where: `${method.toUpperCase()} ${path}`, op, path: isPath ? path : null });
      }
    }
  }
  return found;
}

const content = (response: unknown) =>
  isObject(response) && isObject(response.content)
    ? (response.content["application/json"] as Json | undefined)
    : undefined;

export function lintOpenApi(document: Json): string[] {
  const problems: string[] = [];
  const servers = document.servers;
  if (
    !Array.isArray(servers) ||
    servers.length === 0 ||
    !servers.every((s) => isObject(s) && typeof s.url === "string")
  ) {
    problems.push("servers: missing");
  }

  const schemes = ((document.components as Json | undefined)?.securitySchemes ?? {}) as Json;
  const usedSchemes = new Set<string>();
  const ids = new Map<string, string>();
  const declaredTags = new Set(((document.tags ?? []) as Json[]).map((t) => t.name as string));

  for (const { where, op, path } of operations(document)) {
    const id = op.operationId;
    if (typeof id !== "string" || id === "") problems.push(`${where}: no operationId`);
    else if (ids.has(id)) problems.push(`${where}: operationId ${id} is also ${ids.get(id)}'s`);
    else ids.set(id, where);
    if (typeof op.summary !== "string" || op.summary.trim() === "") problems.push(`${where}: no summary`);
    for (const tag of (op.tags ?? []) as string[]) {
      if (!declaredTags.has(tag)) problems.push(`${where}: tag ${tag} is not declared`);
    }

    if (!Array.isArray(op.security) && !Array.isArray(document.security))
      problems.push(`${where}: security not declared`);
    for (const requirement of (op.security ?? []) as Json[]) {
      for (const scheme of Object.keys(requirement)) {
        usedSchemes.add(scheme);
        if (!(scheme in schemes)) problems.push(`${where}: security scheme ${scheme} is not defined`);
      }
    }

    const responses = (op.responses ?? {}) as Json;
    const codes = Object.keys(responses);
    const twoXX = codes.filter((c) => /^2/.test(c));
    const fourXX = codes.filter((c) => /^4/.test(c));
    const redirect = codes.includes("303");
    if (twoXX.length === 0 && !redirect) problems.push(`${where}: no 2xx response (nor a 303 redirect)`);
    if (fourXX.length === 0) problems.push(`${where}: no 4xx response`);
    if (path === null) continue; // a webhook's answer is the receiver's: only its payload is ours
    for (const code of [...twoXX, ...fourXX]) {
      const schema = content(responses[code])?.schema as Json | undefined;
      if (!schema) problems.push(`${where}: response ${code} has no schema`);
      else if (!schema.$ref) problems.push(`${where}: response ${code} is not a named component`);
    }
    const body = content(op.requestBody)?.schema as Json | undefined;
    if (body && !body.$ref) problems.push(`${where}: the request body is not a named component`);

    for (const name of path.match(/\{(\w+)\}/g) ?? []) {
      const param = name.slice(1, -1);
      const found = ((op.parameters ?? []) as Json[]).some((p) => p.in === "path" && p.name === param);
      if (!found) problems.push(`${where}: path parameter ${param} is not declared`);
    }
  }
  for (const scheme of Object.keys(schemes)) {
    if (!usedSchemes.has(scheme)) problems.push(`security scheme ${scheme} is defined and never used`);
  }

  // every schema reached from an operation, inline or by reference, must say what it holds
  const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Json;
  const check = (schema: unknown, where: string) =>
    eachSchema(schema, where, (s, at) => {
      const problem = untyped(s);
      if (problem) problems.push(`${at}: ${problem}`);
    });
  for (const { where, op } of operations(document)) {
    for (const [code, response] of Object.entries((op.responses ?? {}) as Json)) {
      check(content(response)?.schema, `${where} ${code}`);
    }
    check(content(op.requestBody)?.schema, `${where} body`);
    for (const p of (op.parameters ?? []) as Json[]) check(p.schema, `${where} ${p.name}`);
  }
  for (const [name, schema] of Object.entries(schemas)) check(schema, `#/components/schemas/${name}`);

  const referenced = new Set<string>();
  eachRef(document, "#", (ref, where) => {
    referenced.add(ref);
    if (resolvePointer(document, ref) === undefined) problems.push(`${where}: $ref ${ref} resolves to nothing`);
  });
  for (const name of Object.keys(schemas)) {
    if (!referenced.has(`#/components/schemas/${name}`)) problems.push(`#/components/schemas/${name}: never used`);
  }

  // a client switches on error.code: it must be the closed union, all of it
  const errorCodes = errorCodeEnum(document);
  if (JSON.stringify(errorCodes) !== JSON.stringify(ERROR_CODES)) {
    problems.push(`error.code: ${errorCodes ? "an enum other than ERROR_CODES" : "not an enum"}`);
  }

  const webhooks = (document.webhooks ?? {}) as Json;
  for (const event of WEBHOOK_EVENTS) {
    const op = (webhooks[event] as Json | undefined)?.post as Json | undefined;
    const schema = content(op?.requestBody)?.schema as Json | undefined;
    const payload = schema?.$ref ? (resolvePointer(document, schema.$ref as string) as Json | undefined) : schema;
    const named = ((payload?.properties as Json | undefined)?.event as Json | undefined)?.const;
    if (named !== event) problems.push(`webhook ${event}: no payload schema naming the event`);
  }
  return problems;
}

/** The enum of `error.code` in the 4xx answers, the same for every operation, or null. */
function errorCodeEnum(document: Json): unknown {
  const deref = (s: unknown): Json | undefined =>
    isObject(s) && typeof s.$ref === "string" ? deref(resolvePointer(document, s.$ref)) : (s as Json | undefined);
  const seen = new Set<string>();
  for (const { op, path } of operations(document)) {
    if (path === null) continue;
    for (const [code, response] of Object.entries((op.responses ?? {}) as Json)) {
      if (!code.startsWith("4")) continue;
      const body = deref(content(response)?.schema);
      const error = deref((body?.properties as Json | undefined)?.error);
      const codeSchema = deref((error?.properties as Json | undefined)?.code);
      seen.add(JSON.stringify(codeSchema?.enum ?? null));
    }
  }
  return seen.size === 1 ? JSON.parse([...seen][0] as string) : null;
}
