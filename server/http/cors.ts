import type { FastifyInstance, FastifyRequest } from "fastify";
import { decodeJwt } from "jose";
import { EncoreError } from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { shopAdmitsOrigin } from "../services/platform-rooms.js";
import { getShop, requireRoom, type Shop } from "../services/shops.js";

/**
 * Who calls a route: a streamer's page in a browser (the widget, the console), a shop's backend
 * with its secret, or the back office, a page on this server's own origin with a session cookie.
 * Only browser routes answer CORS; a browser never holds a shop secret, and no other site's page
 * may use a back-office session.
 */
export type Caller = "browser" | "server" | "back-office";

export interface RouteConfig {
  caller: Caller;
}

interface BrowserRouteConfig extends RouteConfig {
  caller: "browser";
  /** on the OPTIONS route of a browser route's URL: the methods browsers may call there */
  preflightFor?: Set<string>;
}

/** headers a page sends to browser routes: its viewer or host token, and JSON bodies */
const ALLOWED_HEADERS = "authorization, content-type";
/** how long a browser may reuse a preflight's answer */
const PREFLIGHT_MAX_AGE_S = 600;

const isBrowserRoute = (config: unknown): config is BrowserRouteConfig =>
  (config as { caller?: unknown } | undefined)?.caller === "browser";

const preflightMethods = new WeakMap<FastifyInstance, Map<string, Set<string>>>();

/**
 * Makes a route callable from pages on other origins: registers the URL's preflight (once per
 * URL, whatever methods browser routes declare there) and returns the route's config, which the
 * hook installed by `installCors` reads. Called by route() for every route that is not the shop's.
 */
export function browserRoute(app: FastifyInstance, method: string, url: string): RouteConfig {
  let byUrl = preflightMethods.get(app);
  if (!byUrl) {
    byUrl = new Map();
    preflightMethods.set(app, byUrl);
  }
  let methods = byUrl.get(url);
  if (!methods) {
    methods = new Set();
    byUrl.set(url, methods);
    const config: BrowserRouteConfig = { caller: "browser", preflightFor: methods };
    app.route({
      method: "OPTIONS",
      url,
      schema: { hide: true },
      config,
      handler: async (_request, reply) => reply.status(204).send(),
    });
  }
  methods.add(method);
  if (method === "GET") methods.add("HEAD");
  return { caller: "browser" };
}

const bearer = (header: string | undefined) => /^Bearer\s+(\S{1,4096})$/.exec(header ?? "")?.[1];

/**
 * The shop a browser request concerns: the room's shop (the route's :room, or ?room=), else the
 * shop its token names. The token is only read here, never trusted: the route verifies it.
 * null when the request names no shop: any origin, as for an unrestricted shop.
 */
async function requestShop(ctx: Context, request: FastifyRequest): Promise<Shop | null> {
  const { db } = ctx.store;
  const room =
    (request.params as { room?: unknown } | undefined)?.room ?? (request.query as { room?: unknown } | undefined)?.room;
  if (typeof room === "string") {
    const found = await requireRoom(db, room).catch(() => null);
    if (found) return (await getShop(db, found.shop_id)) ?? null;
  }
  const token = bearer(request.headers.authorization);
  if (token) {
    let shopId: unknown;
    try {
      shopId = decodeJwt(token).shop;
    } catch {
      return null;
    }
    if (typeof shopId === "string") return (await getShop(db, shopId)) ?? null;
  }
  return null;
}

/**
 * CORS for browser routes, by the shop's `allowedOrigins` and the platforms where it mapped a
 * room (any origin when the list is empty), as the socket's handshake decides. A page on an origin the shop did not allow is refused
 * `origin_not_allowed` before the route runs, preflight or not, so the rule holds even for
 * requests a browser sends without asking first. Server routes and files are left alone.
 */
export function installCors(app: FastifyInstance, ctx: Context): void {
  app.addHook("onRequest", async (request, reply) => {
    const config = request.routeOptions.config;
    if (!isBrowserRoute(config)) return;
    const origin = request.headers.origin;
    reply.header("vary", "origin");
    if (!origin) return;
    const preflight = config.preflightFor;
    if (preflight) {
      const asked = String(request.headers["access-control-request-method"] ?? "").toUpperCase();
      if (!preflight.has(asked)) {
        throw new EncoreError("not_found", `no ${asked || "browser"} route at ${request.url} for pages`);
      }
    }
    const shop = await requestShop(ctx, request);
    if (shop && !(await shopAdmitsOrigin(ctx.store.db, shop, origin))) {
      throw new EncoreError("origin_not_allowed", `${origin} is not among this shop's allowed origins`);
    }
    reply.header("access-control-allow-origin", origin);
    if (preflight) {
      reply
        .header("access-control-allow-methods", [...preflight].join(", "))
        .header("access-control-allow-headers", ALLOWED_HEADERS)
        .header("access-control-max-age", String(PREFLIGHT_MAX_AGE_S));
    }
  });
}
