import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errors, jwtVerify } from "jose";
import { z } from "zod";
import { EncoreError as Refusal } from "../protocol/index.js";
import {
  createClient,
  type EncoreError,
  isEncoreError,
  signViewerToken,
  type ViewerClaims,
} from "../sdk/node/src/index.js";
import { productSvg } from "./catalogue.js";
import { DEMO_VIEWERS, type DemoViewerKey } from "./seed.js";

interface SigningKey {
  secret: string;
  kid?: string;
}

export interface DemoBackendOptions {
  shopId: string;
  roomId: string;
  /** the API key this backend calls the Shop API with, as a shop's backend reads it from its settings */
  apiKey: () => string;
  /**
   * The key it signs viewer and host tokens with (and its kid), as a shop's backend reads it from
   * its settings: asked at each use, so a key rotated in the back office is the one it signs with.
   */
  signingKey: () => SigningKey | Promise<SigningKey>;
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
const TOKEN_LIFETIME_S = 12 * 3600;

/**
 * The SDK's fetch, answered by the server it runs in (Fastify's inject): the calls are the SDK's
 * own HTTP requests, without a round trip through the network to the same process.
 */
function injectFetch(http: FastifyInstance): typeof fetch {
  return async (input, init = {}) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const answer = await http.inject({
      method: (init.method ?? "GET") as "GET",
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      ...(init.body == null ? {} : { payload: String(init.body) }),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : String(value));
    }
    return new Response(new Uint8Array(answer.rawPayload), { status: answer.statusCode, headers });
  };
}

/**
 * The backend a streamer would run beside their live page, in miniature, built as any shop's
 * backend is: the SDK's client calls the Shop API with the shop's API key, the SDK signs its
 * viewers' tokens with the shop's signing key, and it checks those tokens itself. It knows
 * nothing of the server's insides; the browser only ever holds a viewer's token. Mounted under
 * /demo/api only when the demo shop is seeded.
 */
export function registerDemoBackend(
  http: FastifyInstance,
  ctx: { clock: { now(): number } },
  options: DemoBackendOptions,
): void {
  const api = () =>
    createClient({
      baseUrl: "http://encore.internal",
      secret: options.apiKey(),
      fetch: injectFetch(http),
      // inside one process there is no network to fail: a refusal is the answer
      retries: 0,
    });

  const sign = async (claims: ViewerClaims) => {
    const key = await options.signingKey();
    return signViewerToken(key.secret, claims, {
      expiresInSeconds: TOKEN_LIFETIME_S,
      now: ctx.clock.now(),
      ...(key.kid ? { kid: key.kid } : {}),
    });
  };

  /** The viewer token the page holds, checked as the socket checks it: genuine, this shop's, unexpired, a viewer's. */
  const viewerClaims = async (request: FastifyRequest) => {
    const match = /^Bearer\s+(\S{1,4096})$/.exec(request.headers.authorization ?? "");
    if (!match?.[1]) throw new Refusal("unauthorized", "log in first");
    let payload: { sub?: string; shop?: unknown; role?: unknown; name?: unknown };
    try {
      const { secret } = await options.signingKey();
      ({ payload } = await jwtVerify(match[1], new TextEncoder().encode(secret), {
        algorithms: ["HS256"],
        currentDate: new Date(ctx.clock.now()),
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new Refusal("token_expired", "the token has expired");
      throw new Refusal("token_invalid", "not a token this shop signed");
    }
    if (payload.shop !== options.shopId || !payload.sub) throw new Refusal("wrong_shop", "another shop's token");
    if (payload.role !== "viewer") throw new Refusal("forbidden", "only viewers buy");
    return { sub: payload.sub, name: typeof payload.name === "string" ? payload.name : undefined };
  };
  const viewerOf = async (request: FastifyRequest) => (await viewerClaims(request)).sub;

  /** The API's refusal, passed on to the page as the API gave it. */
  const refused = (reply: FastifyReply, error: unknown) => {
    if (!isEncoreError(error) || error.status === null) throw error;
    const { code, message, status } = error as EncoreError & { status: number };
    return reply.status(status).send({ error: { code, message } });
  };

  http.get("/demo/api/room", { schema: { hide: true } }, async () => {
    const client = api();
    const [{ products }, room, config] = await Promise.all([
      client.listProducts(),
      client.getRoom({ path: { room: options.roomId } }),
      client.getConfig(),
    ]);
    return {
      room: options.roomId,
      products,
      featured: room.featured,
      viewers: Object.entries(DEMO_VIEWERS).map(([key, viewer]) => ({ key, name: viewer.name })),
      money: { pointsPerYuan: config.pointsPerYuan, pointsSpendCapPercent: config.pointsSpendCapPercent },
      // the page is told, so it never probes the rtc-token route for an answer it already knows
      video: options.video ?? "none",
    };
  });

  http.post("/demo/api/login", { schema: { hide: true } }, async (request) => {
    const body = LoginBody.safeParse(request.body);
    if (!body.success) throw new Refusal("bad_request", "log in as amy, bo or host");
    const shop = options.shopId;
    if (body.data.as === "host") {
      return { token: await sign({ sub: "host-lin", shop, role: "host", name: "Host Lin" }), name: "Host Lin" };
    }
    const viewer = DEMO_VIEWERS[body.data.as as DemoViewerKey];
    return { token: await sign({ sub: viewer.id, shop, role: "viewer", name: viewer.name }), name: viewer.name };
  });

  // The browser extension's renewal (demo/extension-sign-in.html hands it this URL): a fresh token
  // for the viewer of a token still valid; an expired or forged one is refused, and the extension
  // asks the viewer to sign in again.
  http.post("/demo/api/renew", { schema: { hide: true } }, async (request) => {
    const claims = await viewerClaims(request);
    return {
      token: await sign({
        sub: claims.sub,
        shop: options.shopId,
        role: "viewer",
        ...(claims.name ? { name: claims.name } : {}),
      }),
    };
  });

  http.get("/demo/api/me", { schema: { hide: true } }, async (request, reply) => {
    const viewerId = await viewerOf(request);
    return api()
      .getViewer({ path: { viewerId } })
      .catch((error) => refused(reply, error));
  });

  // A checkout whose payment is instant, as the demo's is: one order carrying the coupon and the
  // points, which the server applies in one transaction, so a refusal of either leaves the coupon
  // in the wallet and the points in the balance. (A shop whose payment takes time redeems the
  // coupon first, with redeemCoupon, and reports the paid order after: docs/shop-api.md.)
  /** The product as the shop's catalogue prices it at this moment: the price the card and the shelf show. */
  const productFor = async (request: FastifyRequest) => {
    const body = CheckoutBody.safeParse(request.body);
    if (!body.success) throw new Refusal("bad_request", "send { sku, couponCode?, pointsUsed? }");
    const product = await api()
      .getProduct({ path: { sku: body.data.sku } })
      .catch((error) => {
        if (isEncoreError(error, "product_not_found") || isEncoreError(error, "bad_request")) {
          throw new Refusal("bad_request", `no product ${body.data.sku} on this shelf`);
        }
        throw error;
      });
    if (!product.inStock) throw new Refusal("sold_out", `${product.name.en} is out of stock`);
    const spend = {
      ...(body.data.couponCode ? { couponCode: body.data.couponCode } : {}),
      ...(body.data.pointsUsed ? { pointsUsed: body.data.pointsUsed } : {}),
    };
    return { product, spend };
  };

  // What the checkout comes to before the viewer pays: the server applies the member price of
  // the viewer's tier, the coupon and the points by the rules the order will follow.
  http.post("/demo/api/quote", { schema: { hide: true } }, async (request, reply) => {
    const viewerId = await viewerOf(request);
    const { product, spend } = await productFor(request);
    return api()
      .quoteOrder({ body: { viewerId, amount: product.price, ...spend } })
      .catch((error) => refused(reply, error));
  });

  // A checkout whose payment is instant, as the demo's is: one order carrying the coupon and the
  // points, which the server applies in one transaction, so a refusal of either leaves the coupon
  // in the wallet and the points in the balance. (A shop whose payment takes time redeems the
  // coupon first, with redeemCoupon, and reports the paid order after: docs/shop-api.md.)
  http.post("/demo/api/checkout", { schema: { hide: true } }, async (request, reply) => {
    const viewerId = await viewerOf(request);
    const { product, spend } = await productFor(request);
    const orderId = `demo-${ctx.clock.now().toString(36)}-${randomBytes(4).toString("hex")}`;
    try {
      return await api().createOrder({
        body: {
          orderId,
          viewerId,
          amount: product.price,
          items: [{ sku: product.sku, name: product.name.en, qty: 1, price: product.price }],
          ...spend,
          paidAt: ctx.clock.now(),
        },
      });
    } catch (error) {
      return refused(reply, error);
    }
  });

  http.get<{ Params: { file: string } }>("/demo/products/:file", { schema: { hide: true } }, async (request, reply) => {
    const svg = productSvg(request.params.file.replace(/\.svg$/, ""));
    if (!svg) return reply.status(404).send({ error: { code: "not_found", message: "no such picture" } });
    return reply.type("image/svg+xml").header("cache-control", "public, max-age=3600").send(svg);
  });
}
