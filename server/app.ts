import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import pino, { type Logger } from "pino";
import type { Clock } from "./clock.js";
import { registerAdminRoutes } from "./http/admin-routes.js";
import { registerApiRoutes } from "./http/api-routes.js";
import { AssetCache } from "./http/assets.js";
import { registerAuditRoutes } from "./http/audit-routes.js";
import { noteKeyUse, shopResolver } from "./http/auth.js";
import { registerCampaignRoutes } from "./http/campaign-routes.js";
import { registerCommerceRoutes } from "./http/commerce-routes.js";
import { installCors } from "./http/cors.js";
import { installErrorHandling } from "./http/errors.js";
import { registerFollowingRoutes } from "./http/following-routes.js";
import { acceptImportFiles, registerImportRoutes } from "./http/import-routes.js";
import { registerInsightRoutes } from "./http/insight-routes.js";
import { registerKeyRoutes } from "./http/key-routes.js";
import { registerLifecycleRoutes } from "./http/lifecycle-routes.js";
import { registerModerationRoutes } from "./http/moderation-routes.js";
import { openApiDocument } from "./http/openapi.js";
import { registerPages } from "./http/pages.js";
import { registerPlatformRoomRoutes } from "./http/platform-room-routes.js";
import { registerProductRoutes } from "./http/product-routes.js";
import { registerReferralRoutes } from "./http/referral-routes.js";
import type { Resolvers } from "./http/route.js";
import { installSecurityHeaders, SECURITY_HEADERS } from "./http/security-headers.js";
import { sessionResolver } from "./http/session.js";
import { registerShopifyRoutes } from "./http/shopify-routes.js";
import { registerTemplateRoutes } from "./http/template-routes.js";
import { registerVideoRoutes } from "./http/video-routes.js";
import { registerViewerAdminRoutes } from "./http/viewer-admin-routes.js";
import { registerWebhookRoutes } from "./http/webhook-routes.js";
import { registerWidgetFiles } from "./http/widget-files.js";
import { metrics, registry } from "./ops/metrics.js";
import { DEMO_DIR, WIDGET_DIR } from "./paths.js";
import { LiveRooms } from "./realtime/live-rooms.js";
import { RecentlyLeft } from "./realtime/recently-left.js";
import { connectRedisAdapter } from "./realtime/redis-adapter.js";
import { RoomFanout } from "./realtime/room-fanout.js";
import {
  createSocketServer,
  RECOVERY_WINDOW_MS,
  type SocketParts,
  serveSockets,
  socketNotifier,
} from "./realtime/socket-server.js";
import type { EncoreServer } from "./realtime/types.js";
import type { Context } from "./services/context.js";
import {
  DEFAULT_SWEEP_EVERY_MS,
  DEFAULT_SWEEP_LEASE_MS,
  LifecycleScheduler,
  sweepsInThread,
} from "./services/lifecycle/scheduler.js";
import { Moderation } from "./services/moderation.js";
import type { WebhookTargetPolicy } from "./services/webhook-targets.js";
import { WebhookWorker } from "./services/webhooks.js";
import type { Store } from "./store/database.js";
import type { AgoraConfig } from "./video/rtc-token.js";

export interface AppOptions {
  store: Store;
  clock: Clock;
  logger?: Logger;
  /** where the built widget (encore.js) is served from; by default the installed package's dist/widget */
  widgetDir?: string;
  /** origins allowed to open sockets; true allows any (the widget runs on streamers' pages) */
  corsOrigin?: string[] | true;
  /** a redis:// URL: rooms are shared with every other server process on the same Redis */
  redisUrl?: string;
  /** how often the webhook worker looks for due messages, in ms; 0 leaves it to `webhooks.deliverDue()` (tests) */
  webhookPollMs?: number;
  /** allow webhook URLs on this machine or a private network (development and tests); refused by default */
  privateWebhooks?: boolean;
  /** the Agora project for live video; without it the rtc-token route answers video_not_configured */
  agora?: AgoraConfig;
  /** real milliseconds between lifecycle sweeps (and one at start); 0 leaves them to `lifecycle.sweepAll()` (tests) */
  sweepEveryMs?: number;
  /** how long a node's hold on a shop's sweep lasts unrenewed: how soon another node takes over after a crash */
  sweepLeaseMs?: number;
  /** sweep in a worker thread off the sockets' event loop; by default when sweeps run on their own (sweepEveryMs > 0) on Postgres */
  sweepInThread?: boolean;
  /** more routes, registered before the server is ready (the demo shop's backend) */
  routes?: (http: FastifyInstance, ctx: Context) => void;
}

export interface App {
  http: FastifyInstance;
  io: EncoreServer;
  ctx: Context;
  /** every room-wide event goes out through this, a shard at a time */
  fanout: RoomFanout;
  /** offers, claims, moderation, comment batches and host panels; ticks while the app runs */
  live: LiveRooms;
  /** delivers the webhook outbox; runs while the app does */
  webhooks: WebhookWorker;
  /** the automations between lives; sweeps while the app runs */
  lifecycle: LifecycleScheduler;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

const VERSION = "0.1.0";
/** How long close() waits for requests in flight before dropping their connections. */
const CLOSE_GRACE_MS = 3000;

/**
 * Composes HTTP, realtime and the store, and makes every long-lived part here: the room fan-out,
 * the live rooms (with the offer desk and moderation) and the webhook worker. Nothing is made on
 * a first socket or request, so close() stops all of it and many apps can share one process.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const log = options.logger ?? pino({ level: "silent" });
  let sockets: SocketParts | undefined;
  const ctx: Context = { store: options.store, clock: options.clock, log, notifier: socketNotifier(() => sockets) };

  const http = Fastify({
    loggerInstance: log as unknown as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    // One line per request is noise at live-room volume; refusals and faults are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
    // unique across restarts and nodes: audit entries name the request that made them
    genReqId: () => randomUUID(),
  }) as unknown as FastifyInstance;
  // RFC 7396's own media type for PATCH /v1/config, read as the JSON it is
  http.addContentTypeParser("application/merge-patch+json", { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, JSON.parse(String(body)));
    } catch (error) {
      (error as { statusCode?: number }).statusCode = 400;
      done(error as Error, undefined);
    }
  });
  acceptImportFiles(http);
  installErrorHandling(http);
  installSecurityHeaders(http);
  // before any route: the hook reads each browser route's config
  installCors(http, ctx);
  await http.register(fastifyRateLimit, {
    max: 1200,
    timeWindow: 60_000,
    // Shop backends share an IP with many shops in hosted setups; count per credential when there is one.
    keyGenerator: (request) => request.headers.authorization ?? request.ip,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: { code: "rate_limited", message: `too many requests; retry in ${context.after}` },
    }),
  });
  // The document is built from what route() declared (http/openapi.ts); the plugin serves it to Swagger UI.
  await http.register(fastifySwagger, {
    openapi: { info: { title: "Encore points API", version: VERSION } },
    transformObject: () => openApiDocument(http, { version: VERSION }) as never,
  });
  await http.register(fastifySwaggerUi, {
    routePrefix: "/docs",
    staticCSP: true,
    // Served over plain http in development: no upgrade of the docs' own files to https. Swagger UI
    // sets inline styles as it renders.
    transformStaticCSP: (header) =>
      header
        .replace(/\s*upgrade-insecure-requests;?/, "")
        .replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'"),
  });
  http.get("/openapi.json", { schema: { hide: true } }, async () => http.swagger());

  const resolvers: Resolvers = { shop: shopResolver(ctx), session: sessionResolver(ctx) };
  registerApiRoutes(http, ctx, resolvers);
  registerReferralRoutes(http, ctx, resolvers);
  registerAdminRoutes(http, ctx, resolvers);
  registerAuditRoutes(http, ctx, resolvers);
  registerKeyRoutes(http, ctx, resolvers);
  noteKeyUse(http, ctx);
  registerViewerAdminRoutes(http, ctx, resolvers);
  registerTemplateRoutes(http, ctx, resolvers);
  // one moderation for the routes and the rooms: an unmute applies to this node's rooms at once
  const moderation = new Moderation(ctx);
  registerModerationRoutes(http, moderation, resolvers);
  const webhookTargets: WebhookTargetPolicy = { allowPrivate: options.privateWebhooks ?? false };
  registerCommerceRoutes(http, ctx, resolvers);
  registerWebhookRoutes(http, ctx, resolvers, webhookTargets);
  registerImportRoutes(http, ctx, resolvers);
  registerShopifyRoutes(http, ctx, resolvers);
  registerProductRoutes(http, ctx, resolvers);
  registerCampaignRoutes(http, ctx, resolvers);
  registerInsightRoutes(http, ctx, shopResolver(ctx));
  registerLifecycleRoutes(http, ctx, shopResolver(ctx));
  registerPlatformRoomRoutes(http, ctx, resolvers);
  registerFollowingRoutes(http, ctx, shopResolver(ctx));
  registerVideoRoutes(http, ctx, shopResolver(ctx), options.agora);
  http.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    metrics.sockets.set(sockets?.io.engine.clientsCount ?? 0);
    metrics.rooms.set(
      [...(sockets?.io.sockets.adapter.rooms.keys() ?? [])].filter((r) => r.startsWith("room:")).length,
    );
    return reply.type(registry.contentType).send(await registry.metrics());
  });

  const files = new AssetCache();
  registerWidgetFiles(http, files, resolve(options.widgetDir ?? WIDGET_DIR));
  registerPages(http, files, { demoDir: DEMO_DIR, liveVideo: options.agora !== undefined });
  options.routes?.(http, ctx);

  await http.ready();
  const redis = options.redisUrl ? await connectRedisAdapter(options.redisUrl) : undefined;
  const io = createSocketServer(http.server, options.corsOrigin ?? true, redis?.adapter);
  // socket.io's long-polling answers bypass Fastify's hooks
  io.engine.on("headers", (headers: Record<string, string>) => Object.assign(headers, SECURITY_HEADERS));
  const fanout = new RoomFanout(io);
  sockets = { io, fanout, clustered: redis !== undefined, left: new RecentlyLeft(RECOVERY_WINDOW_MS) };
  const live = new LiveRooms(ctx, io, fanout, redis !== undefined, moderation);
  serveSockets(io, ctx, live, sockets.left, options.agora);
  const webhooks = new WebhookWorker(ctx, { pollMs: options.webhookPollMs ?? 1000, targets: webhookTargets });
  // The live rooms run from the start, not from the first connection: offers left live by a
  // process that stopped (or by another node) end on time even while nobody is connected.
  const sweepEveryMs = options.sweepEveryMs ?? DEFAULT_SWEEP_EVERY_MS;
  const lifecycle = new LifecycleScheduler(ctx, {
    everyMs: sweepEveryMs,
    leaseMs: options.sweepLeaseMs ?? DEFAULT_SWEEP_LEASE_MS,
    inThread: options.sweepInThread ?? (sweepEveryMs > 0 && sweepsInThread(options.store)),
  });
  live.start();
  webhooks.start();
  lifecycle.start();

  return {
    http,
    io,
    ctx,
    fanout,
    live,
    webhooks,
    lifecycle,
    async listen(port, host = "127.0.0.1") {
      await http.listen({ port, host });
      const address = http.server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      return `http://${host}:${actual}`;
    },
    async close() {
      live.stop();
      await lifecycle.stop();
      await webhooks.stop();
      // A request still in flight holds the HTTP server open until it ends, and some never do: an
      // upload that stalled, a player that stopped reading the demo stream. They get a few seconds
      // to finish, then their connections are dropped, so a deploy or a test's restart cannot hang.
      const grace = setTimeout(() => http.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        // io.close() drops every local socket's connection without a namespace disconnect, which
        // clients read as "do not come back", and keeps each session for connection state recovery
        // (through Redis, on another node). disconnectSockets() would also reach other nodes' sockets.
        // It also closes the HTTP server and waits for it: the grace above covers that wait too.
        await new Promise<void>((done) => io.close(() => done()));
        await http.close();
      } finally {
        clearTimeout(grace);
      }
      await redis?.close();
    },
  };
}
