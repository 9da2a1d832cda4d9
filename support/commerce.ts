import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { CouponTemplateInput } from "../protocol/index.js";
import { joinRoom, type TestServer } from "./server.js";

export interface ApiInit {
  method?: string;
  body?: unknown;
  /** null sends no Authorization header */
  secret?: string | null;
}

/** Calls the shop API as the test shop's backend; resolves with the status and the parsed body. */
export async function shopApi(
  server: TestServer,
  path: string,
  init: ApiInit = {},
): Promise<{ status: number; body: Record<string, unknown> & { error?: { code: string } } }> {
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      ...(init.secret === null ? {} : { authorization: `Bearer ${init.secret ?? server.shop.secret}` }),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
}

export const template = (overrides: Partial<CouponTemplateInput> = {}): CouponTemplateInput => ({
  name: { "zh-CN": "满100减20", en: "¥20 off ¥100" },
  kind: "amount",
  value: 2000,
  minSpend: 10_000,
  validDays: 30,
  minTier: null,
  stock: null,
  perViewerLimit: 1,
  pointsCost: null,
  ...overrides,
});

/** Creates a coupon template over the shop API and returns its id. */
export async function createTemplateOverApi(server: TestServer, overrides: Partial<CouponTemplateInput> = {}) {
  const { status, body } = await shopApi(server, "/v1/coupon-templates", { body: template(overrides) });
  if (status !== 200) throw new Error(`template refused: ${JSON.stringify(body)}`);
  return body.id as string;
}

/**
 * A coupon of a fresh template in the viewer's wallet, issued the way every source issues one: the
 * template priced at one point, the point given, the coupon exchanged over the viewer's socket.
 */
export async function exchangedCoupon(
  server: TestServer,
  viewerId: string,
  overrides: Partial<CouponTemplateInput> = {},
): Promise<string> {
  const templateId = await createTemplateOverApi(server, { pointsCost: 1, perViewerLimit: 5, ...overrides });
  await shopApi(server, `/v1/viewers/${viewerId}/points`, { body: { delta: 1, idempotencyKey: `fund-${templateId}` } });
  const { socket } = await joinRoom(server, await server.token(viewerId));
  const result = await new Promise<{ ok: boolean; data?: { coupon: { code: string } } }>((resolve) =>
    socket.emit("coupon:exchange", { templateId }, resolve as never),
  );
  socket.disconnect();
  if (!result.ok || !result.data) throw new Error(`exchange refused: ${JSON.stringify(result)}`);
  return result.data.coupon.code;
}

/** Sets one of the shop's repurchase templates over PUT /v1/config. */
export async function setRepurchase(
  server: TestServer,
  repurchase: Partial<Record<"firstOrderTemplateId" | "birthdayTemplateId" | "nudgeTemplateId", string | null>>,
) {
  const config = (await shopApi(server, "/v1/config")).body;
  const current = config.repurchase as Record<string, string | null>;
  const { status } = await shopApi(server, "/v1/config", {
    method: "PUT",
    body: { ...config, repurchase: { ...current, ...repurchase } },
  });
  if (status !== 200) throw new Error("config refused");
}

/** Every row the commerce loop may write: a refusal must leave all of it as it was. */
export async function commerceFingerprint(server: TestServer): Promise<string> {
  const { db } = server.store;
  const parts = await Promise.all([
    db.selectFrom("viewers").selectAll().orderBy("viewer_id").execute(),
    db.selectFrom("ledger").selectAll().orderBy("id").execute(),
    db.selectFrom("coupons").selectAll().orderBy("code").execute(),
    db.selectFrom("coupon_templates").selectAll().orderBy("id").execute(),
    db.selectFrom("orders").selectAll().orderBy("order_id").execute(),
    db.selectFrom("order_items").selectAll().orderBy("order_id").orderBy("line").execute(),
    db.selectFrom("redemptions").selectAll().orderBy("order_id").execute(),
    db.selectFrom("outbox").selectAll().orderBy("id").execute(),
  ]);
  return JSON.stringify(parts);
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that records every request and answers with the next queued status (200 when none). */
export async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  answers: number[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const answers: number[] = [];
  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.statusCode = answers.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((done) => http.listen(0, "127.0.0.1", done));
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answers,
    close: () => new Promise((done) => http.close(() => done())),
  };
}
