import type { FastifyInstance, FastifyRequest } from "fastify";
import { type AuditEntry, AuditPage, AuditQuery, toCsv } from "../../protocol/index.js";
import { readAudit } from "../services/audit.js";
import type { Context } from "../services/context.js";
import { type Resolvers, route } from "./route.js";

/** A CSV export walks pages of this size, up to CSV_MAX entries. */
const CSV_PAGE = 500;
const CSV_MAX = 50_000;

const CSV_HEADER = ["id", "at", "actor", "action", "target_kind", "target_id", "before", "after", "request_id"];

const csvRow = (entry: AuditEntry) => [
  entry.id,
  new Date(entry.at).toISOString(),
  entry.actor,
  entry.action,
  entry.target.kind,
  entry.target.id,
  entry.before === null ? null : JSON.stringify(entry.before),
  entry.after === null ? null : JSON.stringify(entry.after),
  entry.requestId,
];

const wantsCsv = (request: FastifyRequest, format: AuditQuery["format"]) =>
  format === "csv" || (format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ""));

export function registerAuditRoutes(app: FastifyInstance, ctx: Context, resolvers: Resolvers): void {
  route(app, resolvers, {
    method: "GET",
    url: "/v1/audit",
    summary:
      "Who changed what, newest first: filter by action, target (kind or kind:id), actor and time; cursor-paginated; ?format=csv (or Accept: text/csv) exports every match",
    tags: ["back office"],
    auth: "shop-or-session",
    query: AuditQuery,
    response: AuditPage,
    handler: async ({ shop, query, request, reply }) => {
      if (!wantsCsv(request, query.format)) return readAudit(ctx, shop.id, query);
      // every matching entry, a page at a time; the limit is a page size, not the export's
      const rows: AuditEntry[] = [];
      let cursor = query.cursor;
      do {
        const page = await readAudit(ctx, shop.id, { ...query, cursor, limit: CSV_PAGE });
        rows.push(...page.entries);
        cursor = page.nextCursor === null ? undefined : Number.parseInt(page.nextCursor, 10);
      } while (cursor !== undefined && rows.length < CSV_MAX);
      if (cursor !== undefined) reply.header("x-next-cursor", String(cursor));
      const day = new Date(ctx.clock.now()).toISOString().slice(0, 10);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="encore-audit-${day}.csv"`)
        .serializer((payload: unknown) => String(payload))
        .send(`${toCsv(CSV_HEADER, rows.map(csvRow))}\r\n`);
    },
  });
}
