import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { EncoreError } from "../protocol/index.js";
import { toProduct } from "../server/adapters.js";
import { signToken, verifyToken } from "../server/auth/tokens.js";
import { orderMoney } from "../server/domain/orders.js";
import type { Context } from "../server/services/context.js";
import { featuredProduct } from "../server/services/live-room.js";
import { listCatalogue } from "../server/services/products.js";
import { requireShop } from "../server/services/shops.js";
import { currentSigningKey, keysAt } from "../server/services/signing-keys.js";
import { findProduct } from "../server/store/products.js";
import { productSvg } from "./catalogue.js";
import { DEMO_VIEWERS, type DemoViewerKey } from "./seed.js";

export interface DemoBackendOptions {
  shopId: string;
  roomId: string;
  /** the API key this backend calls the Shop API with, as a shop's backend reads it from its settings */
  apiKey: () => string;
  /** how the room's stream plays: through Agora when the server has it, else the page's own <video> */
  video?: "agora" | "none";
}

const LoginBody = z.object({ as: z.enum(["amy", "bo", "host"]) }).strict();
const CheckoutBody = z
  .object({
    sku: z.string().min(1).max(64),
    couponCode: z.string().min(1).max(64).optional(),
    pointsUsed: z.number().int().min(0).max(10_000_000).optional(),
  })
  .strict();

/** Demo tokens last a working day of trying things out. */
const TOKEN_LIFETIME_MS = 12 * 3600 * 1000;

/**
 * The backend a streamer would run beside their live page, in miniature: it knows the shop
 * secret, signs its viewers' tokens and reports checkouts to the Shop API. The browser only ever
 * holds a viewer's token. Mounted under /demo/api only when the demo shop is seeded.
 */
export function registerDemoBackend(http: FastifyInstance, ctx: Context, options: DemoBackendOptions): void {
  /** The key the shop's backend signs with now, as a backend that read it from its settings would. */
  const sign = async (claims: Parameters<typeof signToken>[1], expiresAt: number) => {
    const key = await currentSigningKey(ctx.store.db, options.shopId, ctx.clock.now());
    if (!key) throw new EncoreError("shop_not_found", `no shop ${options.shopId}`);
    return signToken(key.secret, claims, expiresAt, key.kid);
  };

  const shopApi = async (method: "GET" | "POST", url: string, payload?: unknown) => {
    const response = await http.inject({
      method,
      url,
      headers: { authorization: `Bearer ${options.apiKey()}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };

  /** The viewer token the page holds, checked like the socket checks it: genuine, this shop's, unexpired, a viewer's. */
  const viewerClaims = async (request: FastifyRequest) => {
    const match = /^Bearer\s+(\S{1,4096})$/.exec(request.headers.authorization ?? "");
    if (!match?.[1]) throw new EncoreError("unauthorized", "log in first");
    const now = ctx.clock.now();
    const claims = await verifyToken(
      match[1],
      async (id) => (id === options.shopId ? keysAt(ctx.store.db, now)(id) : []),
      now,
    );
    if (claims.role !== "viewer") throw new EncoreError("forbidden", "only viewers buy");
    return claims;
  };
  const viewerOf = async (request: FastifyRequest) => (await viewerClaims(request)).sub;

  const forward = (reply: FastifyReply, result: { status: number; body: unknown }) =>
    reply.status(result.status).send(result.body);

  http.get("/demo/api/room", { schema: { hide: true } }, async () => {
    const { config } = await requireShop(ctx.store.db, options.shopId);
    return {
      room: options.roomId,
      products: await listCatalogue(ctx.store.db, options.shopId),
      featured: await featuredProduct(ctx, options.roomId),
      viewers: Object.entries(DEMO_VIEWERS).map(([key, viewer]) => ({ key, name: viewer.name })),
      money: { pointsPerYuan: config.pointsPerYuan, pointsSpendCapPercent: config.pointsSpendCapPercent },
      // the page is told, so it never probes the rtc-token route for an answer it already knows
      video: options.video ?? "none",
    };
  });

  http.post("/demo/api/login", { schema: { hide: true } }, async (request) => {
    const body = LoginBody.safeParse(request.body);
    if (!body.success) throw new EncoreError("bad_request", "log in as amy, bo or host");
    const shop = options.shopId;
    const expires = ctx.clock.now() + TOKEN_LIFETIME_MS;
    if (body.data.as === "host") {
      const token = await sign({ sub: "host-lin", shop, role: "host", name: "Host Lin" }, expires);
      return { token, name: "Host Lin" };
    }
    const viewer = DEMO_VIEWERS[body.data.as as DemoViewerKey];
    const token = await sign({ sub: viewer.id, shop, role: "viewer", name: viewer.name }, expires);
    return { token, name: viewer.name };
  });

  // The browser extension's renewal (demo/extension-sign-in.html hands it this URL): a fresh token
  // for the viewer of a token still valid; an expired or forged one is refused, and the extension
  // asks the viewer to sign in again.
  http.post("/demo/api/renew", { schema: { hide: true } }, async (request) => {
    const claims = await viewerClaims(request);
    const token = await sign(
      { sub: claims.sub, shop: options.shopId, role: "viewer", ...(claims.name ? { name: claims.name } : {}) },
      ctx.clock.now() + TOKEN_LIFETIME_MS,
    );
    return { token };
  });

  http.get("/demo/api/me", { schema: { hide: true } }, async (request, reply) =>
    forward(reply, await shopApi("GET", `/v1/viewers/${encodeURIComponent(await viewerOf(request))}`)),
  );

  // A checkout as a shop runs it: redeem the coupon against the order first (so a refused coupon
  // stops the sale before any money moves), then report the paid order with the points spent.
  http.post("/demo/api/checkout", { schema: { hide: true } }, async (request, reply) => {
    const viewerId = await viewerOf(request);
    const body = CheckoutBody.safeParse(request.body);
    if (!body.success) throw new EncoreError("bad_request", "send { sku, couponCode?, pointsUsed? }");
    // Priced from the shop's catalogue at this moment: the price the card and the shelf show.
    const row = await findProduct(ctx.store.db, options.shopId, body.data.sku);
    if (!row) throw new EncoreError("bad_request", `no product ${body.data.sku} on this shelf`);
    const product = toProduct(row);
    if (!product.inStock) throw new EncoreError("sold_out", `${product.name.en} is out of stock`);
    const orderId = `demo-${ctx.clock.now().toString(36)}-${randomBytes(4).toString("hex")}`;
    const amount = product.price;
    // Redeeming consumes the coupon, so the points are checked first by the same rule the order
    // applies: a checkout the order would refuse must not use up the viewer's coupon.
    if (body.data.pointsUsed) {
      const { config } = await requireShop(ctx.store.db, options.shopId);
      const viewer = await shopApi("GET", `/v1/viewers/${encodeURIComponent(viewerId)}`);
      const balance = viewer.status === 200 ? (viewer.body as { wallet: { points: number } }).wallet.points : 0;
      const money = orderMoney(
        { amount, discount: 0, pointsUsed: body.data.pointsUsed, balance, multiplier: 1 },
        config,
      );
      if (money === "points_cap") {
        throw new EncoreError("points_cap", `points may pay at most ${config.pointsSpendCapPercent}% of an order`);
      }
      if (money === "insufficient_points")
        throw new EncoreError("insufficient_points", `the balance is ${balance} points`);
    }
    if (body.data.couponCode) {
      const redeemed = await shopApi("POST", `/v1/coupons/${encodeURIComponent(body.data.couponCode)}/redeem`, {
        orderId,
        viewerId,
        amount,
      });
      if (redeemed.status !== 200) return forward(reply, redeemed);
    }
    return forward(
      reply,
      await shopApi("POST", "/v1/orders", {
        orderId,
        viewerId,
        amount,
        items: [{ sku: product.sku, name: product.name.en, qty: 1, price: product.price }],
        ...(body.data.couponCode ? { couponCode: body.data.couponCode } : {}),
        ...(body.data.pointsUsed ? { pointsUsed: body.data.pointsUsed } : {}),
        paidAt: ctx.clock.now(),
      }),
    );
  });

  http.get<{ Params: { file: string } }>("/demo/products/:file", { schema: { hide: true } }, async (request, reply) => {
    const svg = productSvg(request.params.file.replace(/\.svg$/, ""));
    if (!svg) return reply.status(404).send({ error: { code: "not_found", message: "no such picture" } });
    return reply.type("image/svg+xml").header("cache-control", "public, max-age=3600").send(svg);
  });
}
