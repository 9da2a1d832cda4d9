import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  EncoreError,
  HealthResponse,
  type LedgerEntry,
  LedgerQuery,
  LedgerResponse,
  PointsAdjustBody,
  PointsAdjustResponse,
  RoomCreateBody,
  RoomResponse,
  ShopConfig,
  ViewerParams,
  ViewerResponse,
} from "../../protocol/index.js";
import { toCoupon, toRoomState, toWallet } from "../adapters.js";
import type { Context } from "../services/context.js";
import { announcePosted, postChange } from "../services/points.js";
import { viewerSegments } from "../services/repurchase.js";
import { createRoom, type Shop, saveConfig } from "../services/shops.js";
import { listViewerCoupons } from "../store/coupons.js";
import type { LedgerRow } from "../store/schema.js";
import { listRooms } from "../store/shops.js";
import { ensureViewer, findViewer, listLedger } from "../store/viewers.js";
import { findWatchState } from "../store/watch.js";
import { route } from "./route.js";

const toEntry = (row: LedgerRow): LedgerEntry => ({
  id: Number(row.id),
  delta: Number(row.delta),
  growthDelta: Number(row.growth_delta),
  reason: row.reason as LedgerEntry["reason"],
  ref: row.ref,
  idempotencyKey: row.idempotency_key,
  note: row.note,
  pointsAfter: Number(row.points_after),
  growthAfter: Number(row.growth_after),
  createdAt: Number(row.created_at),
});

export function registerApiRoutes(
  app: FastifyInstance,
  ctx: Context,
  resolveShop: (request: FastifyRequest) => Promise<Shop>,
): void {
  const { store, clock } = ctx;
  const { db } = store;

  route(app, resolveShop, {
    method: "GET",
    url: "/health",
    summary: "Liveness and store reachability",
    tags: ["operations"],
    auth: "none",
    response: HealthResponse,
    handler: async () => {
      await db.selectFrom("shops").select("id").limit(1).execute();
      return { ok: true, store: store.dialect, time: clock.now() };
    },
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/config",
    summary: "The shop's earning rules, tiers and member days",
    tags: ["shop"],
    auth: "shop",
    handler: async ({ shop }) => shop.config,
  });

  route(app, resolveShop, {
    method: "PUT",
    url: "/v1/config",
    summary: "Replace the shop's configuration (validated whole)",
    tags: ["shop"],
    auth: "shop",
    body: ShopConfig,
    handler: async ({ shop, body }) => {
      await saveConfig(db, shop.id, body);
      return body;
    },
  });

  route(app, resolveShop, {
    method: "POST",
    url: "/v1/rooms",
    summary: "Create a live room",
    tags: ["shop"],
    auth: "shop",
    body: RoomCreateBody,
    response: RoomResponse,
    handler: async ({ shop, body }) => toRoomState(await createRoom(db, shop.id, body, clock.now())),
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/rooms",
    summary: "The shop's rooms",
    tags: ["shop"],
    auth: "shop",
    response: z.object({ rooms: z.array(RoomResponse) }),
    handler: async ({ shop }) => ({ rooms: (await listRooms(db, shop.id)).map(toRoomState) }),
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/viewers/:viewerId",
    summary: "A viewer's points, growth, tier, coupons and segments",
    tags: ["viewers"],
    auth: "shop",
    params: ViewerParams,
    response: ViewerResponse,
    handler: async ({ shop, params }): Promise<ViewerResponse> => {
      const viewer = await findViewer(db, shop.id, params.viewerId);
      if (!viewer) throw new EncoreError("viewer_not_found", `no viewer ${params.viewerId}`);
      const watch = await findWatchState(db, shop.id, params.viewerId);
      return {
        viewerId: viewer.viewer_id,
        name: viewer.name,
        birthday: viewer.birthday,
        wallet: toWallet(viewer, shop.config),
        watch: { totalSeconds: Math.floor((watch?.totalMs ?? 0) / 1000), todayPoints: watch?.dayPoints ?? 0 },
        createdAt: Number(viewer.created_at),
        coupons: (await listViewerCoupons(db, shop.id, params.viewerId)).map((c) => toCoupon(c, clock.now())),
        segments: await viewerSegments(db, shop, params.viewerId, clock.now()),
      };
    },
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/viewers/:viewerId/ledger",
    summary: "A viewer's ledger entries, newest first",
    tags: ["viewers"],
    auth: "shop",
    params: ViewerParams,
    query: LedgerQuery,
    response: LedgerResponse,
    handler: async ({ shop, params, query }) => ({
      entries: (await listLedger(db, shop.id, params.viewerId, query.limit)).map(toEntry),
    }),
  });

  route(app, resolveShop, {
    method: "POST",
    url: "/v1/viewers/:viewerId/points",
    summary: "Adjust a viewer's points (idempotent on idempotencyKey)",
    tags: ["viewers"],
    auth: "shop",
    params: ViewerParams,
    body: PointsAdjustBody,
    response: PointsAdjustResponse,
    handler: async ({ shop, params, body }) => {
      const now = clock.now();
      const posted = await db.transaction().execute(async (trx) => {
        // Viewer ids belong to the shop: crediting one we have not seen creates them.
        await ensureViewer(trx, shop.id, params.viewerId, {}, now);
        return postChange(
          trx,
          store.dialect,
          shop.id,
          params.viewerId,
          {
            delta: body.delta,
            growthDelta: 0,
            reason: "adjust",
            ref: body.note ?? "manual",
            idempotencyKey: `adjust:${body.idempotencyKey}`,
            note: body.note,
          },
          now,
        );
      });
      announcePosted(ctx.notifier, shop.config, shop.id, posted);
      return { entry: toEntry(posted.entry), wallet: toWallet(posted.after, shop.config), replayed: posted.replayed };
    },
  });
}
