import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  ContactBody,
  InboxState,
  SegmentParams,
  SegmentViewersQuery,
  SegmentViewersResponse,
  TouchesQuery,
  TouchesResponse,
  ViewerParams,
} from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { setContactOptOut, touchRecords } from "../services/inbox.js";
import { segmentCsv } from "../services/lifecycle/segments.js";
import { segmentPage } from "../services/segment-lists.js";
import type { Shop } from "../services/shops.js";
import { route } from "./route.js";

/** The shop API's side of the automations between lives: a viewer's touches and opt-out, and who is in a segment. */
export function registerLifecycleRoutes(
  app: FastifyInstance,
  ctx: Context,
  resolveShop: (request: FastifyRequest) => Promise<Shop>,
): void {
  route(app, resolveShop, {
    method: "GET",
    url: "/v1/viewers/:viewerId/touches",
    summary: "A viewer's touches between lives, whatever became of each (sent, held, held out…), newest first",
    tags: ["viewers"],
    auth: "shop",
    params: ViewerParams,
    query: TouchesQuery,
    response: TouchesResponse,
    handler: async ({ shop, params, query }) => ({
      touches: await touchRecords(ctx, shop, params.viewerId, query.limit),
    }),
  });

  route(app, resolveShop, {
    method: "PUT",
    url: "/v1/viewers/:viewerId/contact",
    operationId: "setViewerContact",
    summary: "Turn touches between lives off (optOut: true) or back on for a viewer; every automation honours it",
    tags: ["viewers"],
    auth: "shop",
    params: ViewerParams,
    body: ContactBody,
    response: InboxState,
    handler: ({ shop, params, body }) => setContactOptOut(ctx, shop, params.viewerId, body.optOut),
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/segments/:segment/viewers",
    summary:
      "The viewers in a segment now, a page at a time (cursor); `Accept: text/csv` or `?format=csv` answers CSV with the next cursor in the Encore-Next-Cursor header",
    tags: ["viewers"],
    auth: "shop",
    params: SegmentParams,
    query: SegmentViewersQuery,
    response: SegmentViewersResponse,
    handler: async ({ shop, params, query, request, reply }) => {
      const page = await segmentPage(ctx, shop, params.segment, query.cursor, query.limit);
      const csv = query.format === "csv" || /\btext\/csv\b/.test(request.headers.accept ?? "");
      if (!csv) return page;
      if (page.nextCursor) reply.header("encore-next-cursor", page.nextCursor);
      reply.header("content-disposition", `attachment; filename="${params.segment}.csv"`);
      return reply.type("text/csv; charset=utf-8").send(segmentCsv(page));
    },
  });
}
