import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ClaimOutcome, ClientEvent } from "../../protocol/index.js";
import { saveEndpoint } from "../../server/store/webhooks.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { requires } from "../../support/requires.js";
import { recordTransactions } from "../../support/round-trips.js";
import { call, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { testPostgresUrl } from "../../support/store.js";

/*
 * On Postgres every statement of a claim batch is a round trip, and each waits for a turn of an
 * event loop busy with arriving claims while the claims behind the batch wait for it: the
 * storm's tail is the sell-out batch's round trips. This counts them at the driver, so a change
 * that adds one shows here before it shows in the benchmark.
 */

/** BEGIN; the locks and what needs none; what the locks guard; every write; COMMIT. */
const BATCH_ROUND_TRIPS = 5;
const VIEWERS = 40;
const STOCK = 25;

const isClaimBatch = (statements: string[]) => statements.some((sql) => /insert into "offer_entries"/i.test(sql));

describe.skipIf(!requires("postgres") || !testPostgresUrl())("a claim batch's round trips on Postgres", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it(`sells out in ${BATCH_ROUND_TRIPS} round trips a batch however many claims it holds, exactly`, async () => {
    if (server.store.native.dialect !== "postgres") throw new Error("this test runs on Postgres");
    // an endpoint, so the batch writes its coupon.granted and offer.won messages too
    await saveEndpoint(server.store.db, {
      shop_id: server.shop.id,
      url: "http://127.0.0.1:9/hooks",
      secret: "whsec_round_trips",
      updated_at: server.clock.now(),
    });
    const host = await joinAsHost(server);
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: STOCK });
    const sockets: TestSocket[] = [];
    for (let i = 0; i < VIEWERS; i++) {
      const id = `rt${String(i).padStart(3, "0")}`;
      sockets.push(await server.connect({ token: await server.token(id, { name: id }) }));
    }
    const transactions = recordTransactions(server.store.native.pool);

    const results = await Promise.all(sockets.map((socket) => call(socket, ClientEvent.comment, { text: "1" })));
    const outcomes = results.map((r) => (r.ok ? r.data.claim : undefined)) as ClaimOutcome[];
    expect(outcomes.filter((o) => o?.result === "won")).toHaveLength(STOCK);
    expect(outcomes.filter((o) => o?.result === "refused" && o.reason === "sold_out")).toHaveLength(VIEWERS - STOCK);

    const batches = transactions.filter(isClaimBatch);
    expect(batches.length).toBeGreaterThan(0);
    for (const statements of batches) expect(statements).toHaveLength(BATCH_ROUND_TRIPS);

    const { db } = server.store;
    const coupons = await db.selectFrom("coupons").select("viewer_id").where("source_ref", "=", offer.id).execute();
    expect(new Set(coupons.map((c) => c.viewer_id)).size).toBe(STOCK);
    const messages = await db.selectFrom("outbox").select("event").where("shop_id", "=", server.shop.id).execute();
    expect(messages.filter((m) => m.event === "coupon.granted")).toHaveLength(STOCK);
    expect(messages.filter((m) => m.event === "offer.won")).toHaveLength(STOCK);
    const row = await db
      .selectFrom("offers")
      .select(["status", "claimed"])
      .where("id", "=", offer.id)
      .executeTakeFirst();
    expect(row).toEqual({ status: "sold_out", claimed: STOCK });
  });

  it("enters a lucky bag's claims without reading the deal or locking its template", async () => {
    if (server.store.native.dialect !== "postgres") throw new Error("this test runs on Postgres");
    const host = await joinAsHost(server);
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: STOCK, mode: "draw" });
    const sockets: TestSocket[] = [];
    for (let i = 0; i < VIEWERS; i++) {
      const id = `lb${String(i).padStart(3, "0")}`;
      sockets.push(await server.connect({ token: await server.token(id, { name: id }) }));
    }
    const transactions = recordTransactions(server.store.native.pool);

    const results = await Promise.all(sockets.map((socket) => call(socket, ClientEvent.comment, { text: "1" })));
    const outcomes = results.map((r) => (r.ok ? r.data.claim : undefined)) as ClaimOutcome[];
    expect(outcomes.filter((o) => o?.result === "entered")).toHaveLength(VIEWERS);

    const batches = transactions.filter(isClaimBatch);
    expect(batches.length).toBeGreaterThan(0);
    for (const statements of batches) {
      expect(statements).toHaveLength(BATCH_ROUND_TRIPS);
      expect(statements.filter((sql) => /coupon_templates|"coupons"|experiments|campaigns/i.test(sql))).toEqual([]);
    }
    const entries = await server.store.db
      .selectFrom("offer_entries")
      .select("viewer_id")
      .where("offer_id", "=", offer.id)
      .execute();
    expect(entries).toHaveLength(VIEWERS);
  });
});
