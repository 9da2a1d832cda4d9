import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ClaimOutcome, ClientEvent, HostEvent, ServerEvent } from "../../protocol/index.js";
import { giveGrowth, joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { call, next, startServer, type TestServer, type TestSocket } from "../../support/server.js";

const VIEWERS = 2000;
const STOCK = 100;
/** Sockets opened at once while connecting: enough to be quick, few enough not to stall the handshake queue. */
const CONNECT_BATCH = 100;
/*
 * A bound on a hang, not a timing: 2,000 joins on Postgres took 30 s on a quiet machine and 64 s at
 * a load average of 10, where 60 s failed a run whose every claim was right.
 */

let server: TestServer;
let host: TestSocket;
beforeEach(async () => {
  server = await startServer();
  host = await joinAsHost(server);
});
afterEach(async () => {
  await server.close();
});

async function crowd(count: number): Promise<{ id: string; socket: TestSocket }[]> {
  const viewers: { id: string; socket: TestSocket }[] = [];
  for (let i = 0; i < count; i += CONNECT_BATCH) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(CONNECT_BATCH, count - i) }, async (_, j) => {
        const id = `v${String(i + j).padStart(5, "0")}`;
        return { id, socket: await server.connect({ token: await server.token(id, { name: id }) }) };
      }),
    );
    viewers.push(...batch);
  }
  return viewers;
}

const claimOf = (result: Awaited<ReturnType<typeof call<typeof ClientEvent.comment>>>): ClaimOutcome => {
  if (!result.ok) throw new Error(`claim refused at the edge: ${result.error.code}`);
  if (!result.data.claim) throw new Error("a keyword comment came back without a claim outcome");
  return result.data.claim;
};

describe("a storm of claims", () => {
  it(`${VIEWERS} viewers against stock ${STOCK}, first come: exactly ${STOCK} coupons, nobody twice, every loser told why`, {
    timeout: 180_000,
  }, async () => {
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: STOCK });
    const viewers = await crowd(VIEWERS);

    const claims = await Promise.all(viewers.map((v) => call(v.socket, ClientEvent.comment, { text: "1" })));
    const outcomes = claims.map(claimOf);

    const won = outcomes.filter((o) => o.result === "won");
    const refused = outcomes.filter((o) => o.result === "refused");
    expect(won).toHaveLength(STOCK);
    expect(refused).toHaveLength(VIEWERS - STOCK);
    expect(new Set(refused.map((o) => o.reason))).toEqual(new Set(["sold_out"]));

    const coupons = await server.store.db
      .selectFrom("coupons")
      .select(["viewer_id", "code"])
      .where("source", "=", "deal")
      .where("source_ref", "=", offer.id)
      .execute();
    expect(coupons).toHaveLength(STOCK);
    expect(new Set(coupons.map((c) => c.viewer_id)).size).toBe(STOCK);
    const wonCodes = new Set(won.map((o) => (o.result === "won" ? o.coupon.code : "")));
    expect(new Set(coupons.map((c) => c.code))).toEqual(wonCodes);

    const row = await server.store.db.selectFrom("offers").selectAll().where("id", "=", offer.id).executeTakeFirst();
    expect(row).toMatchObject({ status: "sold_out", claimed: STOCK });
    const entries = await server.store.db.selectFrom("offer_entries").select("viewer_id").execute();
    expect(entries).toHaveLength(STOCK);
  });

  it(`${VIEWERS} viewers, a lucky bag of ${STOCK}: winners drawn among the eligible, everyone told`, {
    timeout: 180_000,
  }, async () => {
    const ELIGIBLE = 300;
    for (let i = 0; i < ELIGIBLE; i++) await giveGrowth(server, `v${String(i).padStart(5, "0")}`, 600);
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: STOCK, mode: "draw", minTier: "silver" });
    const viewers = await crowd(VIEWERS);

    const outcomes = (await Promise.all(viewers.map((v) => call(v.socket, ClientEvent.comment, { text: "1" })))).map(
      claimOf,
    );
    const entered = viewers.filter((_, i) => outcomes[i]?.result === "entered");
    const refused = outcomes.filter((o) => o.result === "refused");
    expect(entered).toHaveLength(ELIGIBLE);
    expect(refused).toHaveLength(VIEWERS - ELIGIBLE);
    expect(new Set(refused.map((o) => o.reason))).toEqual(new Set(["tier_too_low"]));

    const results = entered.map((v) => next(v.socket, ServerEvent.offerResult, 20_000));
    expect(await call(host, HostEvent.offerStop, { offerId: offer.id })).toMatchObject({ ok: true });
    const told = await Promise.all(results);
    const winners = entered.filter((_, i) => told[i]?.result === "won").map((v) => v.id);
    expect(winners).toHaveLength(Math.min(STOCK, ELIGIBLE));
    expect(told.filter((o) => o.result === "refused" && o.reason === "not_drawn")).toHaveLength(ELIGIBLE - STOCK);

    const eligible = new Set(entered.map((v) => v.id));
    for (const id of winners) expect(eligible.has(id)).toBe(true);
    const coupons = await server.store.db
      .selectFrom("coupons")
      .select("viewer_id")
      .where("source_ref", "=", offer.id)
      .execute();
    expect(coupons.map((c) => c.viewer_id).sort()).toEqual([...winners].sort());
    const draw = await server.store.db.selectFrom("offer_draws").selectAll().executeTakeFirstOrThrow();
    expect((JSON.parse(draw.entries) as string[]).sort()).toEqual([...eligible].sort());
    expect((JSON.parse(draw.winners) as string[]).sort()).toEqual([...winners].sort());
  });
});
