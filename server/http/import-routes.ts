import type { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import {
  EncoreError,
  IMPORT_MEDIA_TYPES,
  type ImportMediaType,
  ImportOrdersFile,
  ImportReport,
} from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { importOrders } from "../services/import/orders.js";
import { type Resolvers, route } from "./route.js";

/** The media type an import file came as, from Content-Type without its parameters (charset). */
export function importMediaType(contentType: string | undefined): ImportMediaType {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  const known = IMPORT_MEDIA_TYPES.find((t) => t === type);
  if (!known) throw new EncoreError("bad_request", `send the file as ${IMPORT_MEDIA_TYPES.join(" or ")}`);
  return known;
}

/**
 * Import files arrive as their raw body: each import media type is handed to the route as the
 * request stream, which it reads a line at a time, so no file is ever held whole (and the
 * server's body limit, made for JSON calls, does not cut it short).
 */
export function acceptImportFiles(app: FastifyInstance): void {
  app.addContentTypeParser([...IMPORT_MEDIA_TYPES], (_request, payload, done) => done(null, payload));
}

/** A shop's history brought over: past orders, credited by the rules at their dates. */
export function registerImportRoutes(app: FastifyInstance, ctx: Context, resolvers: Resolvers): void {
  route(app, resolvers, {
    method: "POST",
    url: "/v1/import/orders",
    operationId: "importOrders",
    summary:
      "Import past orders (NDJSON or CSV, streamed): points, growth and tier by the rules at each order's date, no coupons or webhooks; orders already credited are skipped",
    tags: ["import"],
    auth: "shop-or-session",
    upload: { mediaTypes: IMPORT_MEDIA_TYPES, schema: ImportOrdersFile },
    response: ImportReport,
    handler: async ({ shop, request }) => {
      const type = importMediaType(request.headers["content-type"]);
      return importOrders(ctx, shop, request.body as Readable, type);
    },
  });
}
