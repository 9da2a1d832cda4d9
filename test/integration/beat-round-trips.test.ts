import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, HostEvent } from "../../protocol/index.js";
import { createTemplateOverApi, shopApi } from "../../support/commerce.js";
import { startWatchRateExperiment } from "../../support/experiments.js";
import { joinAsHost } from "../../support/offers.js";
import { requires } from "../../support/requires.js";
import { recordTransactions } from "../../support/round-trips.js";
import { call, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { testPostgresUrl } from "../../support/store.js";
import { balanceOf } from "../../support/watch.js";

/*
 * A beat is the commonest write of a live room: every watching viewer's socket sends one every
 * few seconds. On Postgres each of its statements is a round trip that waits for a core, for the
 * backend and then for the event loop, behind whatever else runs (a daily sweep, above all). What
 * every beat of a room reads alike (its gate, the shop's config, campaigns and watch-rate
 * experiment) is kept (JoinState.earning), so a beat reads and writes only the viewer's rows; and
 * a beat that only credits time is one read and one statement that writes if nothing else did.
 */

/**
 * The viewer's rows read, unlocked; the time credited, if their watch state is still as read,
 * its commit not waiting for the log's flush (store/watch.ts says why that loses nothing).
 */
const CREDIT_ROUND_TRIPS = [
  [
    /^select "v"."growth", .* exists \(select .* from "referrals" .*\) as "referral_open" from "viewers" as "v" left join "watch_state" as "w"/,
  ],
  [
    /^with "credited" as \(update "watch_state" set .* where .*\), "live" as \(insert into "live_watch" .*, "unflushed" as \(select set_config\('synchronous_commit', 'off', true\)/,
  ],
];

/** A beat that pays a block: BEGIN; the viewer's row locked; their watch state locked; it written; the live's watch time; … COMMIT. */
const PAYING_ROUND_TRIPS = [
  /^begin/,
  /^select .* from "viewers" where .* for update$/,
  /^select .* from "watch_state" where .* for update$/,
  /^insert into "watch_state"/,
  /^insert into "live_watch" .* select .* from "rooms"/,
];

/** What a beat reads or writes, kept or not. */
const BEAT_TABLES = /"(viewers|watch_state|live_watch|rooms|shops|campaigns|experiments)"/;

describe.skipIf(!requires("postgres") || !testPostgresUrl())("a beat's round trips on Postgres", () => {
  let server: TestServer;
  let host: TestSocket;
  beforeEach(async () => {
    server = await startServer();
    host = await joinAsHost(server);
  });
  afterEach(async () => {
    await server.close();
  });

  it("takes two for a beat that credits time, and a transaction for one that pays, with a campaign and an experiment running, however many coupons are issued meanwhile", async () => {
    if (server.store.native.dialect !== "postgres") throw new Error("this test runs on Postgres");
    expect(await call(host, HostEvent.live, { live: true })).toMatchObject({ ok: true });
    await startWatchRateExperiment(host);
    const campaign = await shopApi(server, "/v1/campaigns", {
      body: {
        name: { "zh-CN": "三倍观看", en: "Triple watching" },
        schedule: { kind: "dates", start: "2026-11-01T00:00", end: "2026-11-30T00:00" },
        orderMultiplier: 1,
        watchMultiplier: 3,
      },
    });
    expect(campaign.status).toBe(200);
    const templateId = await createTemplateOverApi(server, { pointsCost: 100, perViewerLimit: 20 });
    const funded = await shopApi(server, "/v1/viewers/ada/points", {
      body: { delta: 5000, idempotencyKey: "ada-fund" },
    });
    expect(funded.status).toBe(200);
    const viewer = await server.connect({ token: await server.token("ada", { name: "ada" }) });
    // the first beat opens the stretch and reads what the room's beats share; the second, the
    // first credit, makes the viewer's watch state; the ones after it find both
    const beat = () => call(viewer, ClientEvent.beat, { playing: true, visible: true });
    expect(await beat()).toMatchObject({ ok: true });
    server.clock.advance(5_000);
    expect(await beat()).toMatchObject({ ok: true, data: { creditedSeconds: 5 } });

    const transactions = recordTransactions(server.store.native.pool);
    const paidOrOffered = async () =>
      Number((await balanceOf(server, "ada")).points) +
      (await server.store.db.selectFrom("chests").select("id").where("viewer_id", "=", "ada").execute()).length;
    let paying = 0;
    // ten minutes of 40 s beats: a block of the default ten minutes paid on the way
    for (let i = 0; i < 15; i++) {
      const before = await paidOrOffered();
      transactions.splice(0);
      server.clock.advance(40_000);
      expect(await beat()).toMatchObject({ ok: true, data: { creditedSeconds: 40 } });
      // whatever ran meanwhile that read or wrote what a beat does: the beat's alone
      const statements = transactions.splice(0).filter((t) => t.some((sql) => BEAT_TABLES.test(sql)));
      if ((await paidOrOffered()) === before) {
        expect(statements.map((t) => t.length)).toEqual([1, 1]);
        expect(statements.map((t, n) => CREDIT_ROUND_TRIPS[n]?.[0]?.test(t[0] ?? ""))).toEqual([true, true]);
      } else {
        paying++;
        // the unlocked read saw points or a chest coming: the transaction does it all, under locks
        expect(statements).toHaveLength(2);
        expect(CREDIT_ROUND_TRIPS[0]?.[0]?.test(statements[0]?.[0] ?? "")).toBe(true);
        const shapes = statements[1]?.map((sql) => PAYING_ROUND_TRIPS.findIndex((shape) => shape.test(sql)));
        expect(shapes?.slice(0, PAYING_ROUND_TRIPS.length)).toEqual(PAYING_ROUND_TRIPS.map((_, n) => n));
        expect(statements[1]?.at(-1)).toMatch(/^commit/);
      }
      // a coupon issued between beats (as a sweep or a deal issues them) leaves the kept part as it was
      expect(await call(viewer, ClientEvent.exchange, { templateId })).toMatchObject({ ok: true });
    }
    expect(paying).toBeGreaterThan(0);
    const watched = await server.store.db
      .selectFrom("live_watch")
      .select("watched_ms")
      .where("viewer_id", "=", "ada")
      .executeTakeFirst();
    expect(watched?.watched_ms).toBe(5_000 + 15 * 40_000);
  });
});
