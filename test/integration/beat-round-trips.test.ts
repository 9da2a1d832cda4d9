import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, HostEvent } from "../../protocol/index.js";
import { createTemplateOverApi, shopApi } from "../../support/commerce.js";
import { startWatchRateExperiment } from "../../support/experiments.js";
import { joinAsHost } from "../../support/offers.js";
import { requires } from "../../support/requires.js";
import { recordTransactions } from "../../support/round-trips.js";
import { call, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { testPostgresUrl } from "../../support/store.js";

/*
 * A beat is the commonest write of a live room: every watching viewer's socket sends one every
 * few seconds. On Postgres each of its statements is a round trip that waits for a core, for the
 * backend and then for the event loop, behind whatever else runs (a daily sweep, above all). What
 * every beat of a room reads alike (its gate, the shop's config, campaigns and watch-rate
 * experiment) is kept (JoinState.earning), so a beat reads and writes only the viewer's rows.
 */

/** BEGIN; the viewer's row locked; their watch state locked; it written; the live's watch time; COMMIT. */
const BEAT_ROUND_TRIPS = [
  /^begin/,
  /^select .* from "viewers" where .* for update$/,
  /^select .* from "watch_state" where .* for update$/,
  /^insert into "watch_state"/,
  /^insert into "live_watch" .* select .* from "rooms"/,
  /^commit/,
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

  it(`takes ${BEAT_ROUND_TRIPS.length} in all, with a campaign and an experiment running, however many coupons are issued meanwhile`, async () => {
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
    const templateId = await createTemplateOverApi(server, { pointsCost: 100, perViewerLimit: 5 });
    const funded = await shopApi(server, "/v1/viewers/ada/points", {
      body: { delta: 500, idempotencyKey: "ada-fund" },
    });
    expect(funded.status).toBe(200);
    const viewer = await server.connect({ token: await server.token("ada", { name: "ada" }) });
    // the first beat reads what the room's beats share; the ones after it find it kept
    expect(await call(viewer, ClientEvent.beat, { playing: true, visible: true })).toMatchObject({ ok: true });

    const transactions = recordTransactions(server.store.native.pool);
    for (let i = 0; i < 3; i++) {
      server.clock.advance(5_000);
      expect(await call(viewer, ClientEvent.beat, { playing: true, visible: true })).toMatchObject({
        ok: true,
        data: { creditedSeconds: 5 },
      });
      // whatever ran meanwhile that read or wrote what a beat does: the beat's transaction alone
      const beat = transactions.splice(0).filter((t) => t.some((sql) => BEAT_TABLES.test(sql)));
      expect(beat).toHaveLength(1);
      expect(beat[0]?.map((sql) => BEAT_ROUND_TRIPS.findIndex((shape) => shape.test(sql)))).toEqual(
        BEAT_ROUND_TRIPS.map((_, n) => n),
      );
      // a coupon issued between beats (as a sweep or a deal issues them) leaves the kept part as it was
      expect(await call(viewer, ClientEvent.exchange, { templateId })).toMatchObject({ ok: true });
      transactions.splice(0);
    }
    const watched = await server.store.db
      .selectFrom("live_watch")
      .select("watched_ms")
      .where("viewer_id", "=", "ada")
      .executeTakeFirst();
    expect(watched?.watched_ms).toBe(15_000);
  });
});
