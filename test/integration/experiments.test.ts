import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ClientEvent,
  type ExperimentInput,
  type ExperimentView,
  HOLDOUT_ARM,
  HostEvent,
} from "../../protocol/index.js";
import { assignArm } from "../../server/domain/experiments.js";
import { createTemplateOverApi, setRepurchase, shopApi } from "../../support/commerce.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { call, joinRoom, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { balanceOf, stateFingerprint, watchFor } from "../../support/watch.js";

let server: TestServer;
let host: TestSocket;
beforeEach(async () => {
  server = await startServer();
  host = await joinAsHost(server);
});
afterEach(async () => {
  await server.close();
});

const viewer = async (sub: string) => (await joinRoom(server, await server.token(sub, { name: sub }))).socket;

async function start(input: ExperimentInput): Promise<ExperimentView> {
  const result = await call(host, HostEvent.experimentStart, input);
  if (!result.ok) throw new Error(`experiment refused: ${result.error.code}`);
  return result.data;
}

/** The first viewer name (from a numbered series) the hash puts in the wanted arm. */
function viewerIn(experiment: ExperimentView, arm: string, prefix: string): string {
  for (let i = 0; i < 1000; i++) {
    const id = `${prefix}${i}`;
    if (assignArm(experiment, id) === arm) return id;
  }
  throw new Error(`no viewer in ${arm}`);
}

async function exposures(experimentId: string) {
  const rows = await server.store.db
    .selectFrom("experiment_exposures")
    .select(["viewer_id", "arm"])
    .where("experiment_id", "=", experimentId)
    .orderBy("viewer_id")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.viewer_id, r.arm]));
}

describe("an experiment on the watch-points rate", () => {
  it("pays each arm its rate, records the arm at the first payout, and stopping keeps the record", async () => {
    const experiment = await start({
      name: "watch rate",
      incentive: "watch_rate",
      arms: [
        { key: "twenty", pointsPerBlock: 20 },
        { key: "forty", pointsPerBlock: 40 },
      ],
    });
    expect(experiment).toMatchObject({ status: "running", holdoutPercent: 0, minSample: 100 });
    const low = viewerIn(experiment, "twenty", "w");
    const high = viewerIn(experiment, "forty", "w");
    const lowSocket = await viewer(low);
    const highSocket = await viewer(high);

    await watchFor(server, lowSocket, 5 * 60);
    expect(await exposures(experiment.id)).toEqual({}); // no payout yet, so no exposure
    await watchFor(server, lowSocket, 5 * 60, 30, undefined, false);
    await watchFor(server, highSocket, 10 * 60);
    expect((await balanceOf(server, low)).points).toBe(20);
    expect((await balanceOf(server, high)).points).toBe(40);
    expect(await exposures(experiment.id)).toEqual({ [low]: "twenty", [high]: "forty" });

    // another device of the same viewer earns at the same arm's rate
    const { socket: highPhone, snapshot } = await joinRoom(server, await server.token(high, { name: high }));
    expect(snapshot.watch?.nextBlockPoints).toBe(40);
    await watchFor(server, highPhone, 10 * 60);
    expect((await balanceOf(server, high)).points).toBe(80);

    const stopped = await call(host, HostEvent.experimentStop, { experimentId: experiment.id });
    if (!stopped.ok) throw new Error(stopped.error.code);
    expect(stopped.data).toMatchObject({ status: "stopped", stoppedAt: server.clock.now() });
    expect(stopped.data.results.map((r) => [r.arm, r.exposed])).toEqual([
      ["twenty", 1],
      ["forty", 1],
    ]);
    // after the stop the shop's own rate (10 a block) applies again, and the record stays
    await watchFor(server, lowSocket, 10 * 60, 30, undefined, false);
    expect((await balanceOf(server, low)).points).toBe(30);
    const insight = await call(host, HostEvent.insight, {});
    if (!insight.ok) throw new Error(insight.error.code);
    expect(insight.data.experiments).toHaveLength(1);
    expect(insight.data.experiments[0]).toMatchObject({ id: experiment.id, status: "stopped" });
  });
});

describe("an experiment on the first-order coupon", () => {
  it("gives each arm its template and the holdout the shop's own, recorded at the grant", async () => {
    const shopTemplate = await createTemplateOverApi(server, { value: 1000 });
    const bigger = await createTemplateOverApi(server, { value: 3000 });
    await setRepurchase(server, { firstOrderTemplateId: shopTemplate });
    const experiment = await start({
      name: "first-order coupon value",
      incentive: "first_order_coupon",
      arms: [
        { key: "ten", templateId: shopTemplate },
        { key: "thirty", templateId: bigger },
      ],
      holdoutPercent: 30,
      minSample: 50,
    });
    const buyers = {
      ten: viewerIn(experiment, "ten", "b"),
      thirty: viewerIn(experiment, "thirty", "b"),
      [HOLDOUT_ARM]: viewerIn(experiment, HOLDOUT_ARM, "b"),
    };
    for (const [arm, viewerId] of Object.entries(buyers)) {
      const { status } = await shopApi(server, "/v1/orders", {
        body: {
          orderId: `o-${arm}`,
          viewerId,
          amount: 10_000,
          items: [{ sku: "tea", qty: 1, price: 10_000 }],
          paidAt: server.clock.now(),
        },
      });
      expect(status).toBe(200);
    }
    const coupons = await server.store.db
      .selectFrom("coupons")
      .select(["viewer_id", "template_id", "source"])
      .execute();
    const templateOf = (viewerId: string) =>
      coupons.find((c) => c.viewer_id === viewerId && c.source === "first_order")?.template_id;
    expect(templateOf(buyers.ten)).toBe(shopTemplate);
    expect(templateOf(buyers.thirty)).toBe(bigger);
    expect(templateOf(buyers[HOLDOUT_ARM])).toBe(shopTemplate);
    expect(await exposures(experiment.id)).toEqual({
      [buyers.ten]: "ten",
      [buyers.thirty]: "thirty",
      [buyers[HOLDOUT_ARM]]: HOLDOUT_ARM,
    });
    const view = await call(host, HostEvent.insight, {});
    if (!view.ok) throw new Error(view.error.code);
    const results = view.data.experiments[0]?.results ?? [];
    // each buyer: exposed at the order's grant, one coupon issued then, and that order within the window
    expect(results.map((r) => [r.arm, r.exposed, r.claimed, r.orders, r.revenue])).toEqual([
      ["ten", 1, 1, 1, 10_000],
      ["thirty", 1, 1, 1, 10_000],
      [HOLDOUT_ARM, 1, 1, 1, 10_000],
    ]);
  });
});

describe("an experiment on the deal coupon", () => {
  it("gives a winner in the second arm that arm's coupon from the same offer", async () => {
    const dealTemplate = await makeTemplate(host, { value: 1000 });
    const richer = await makeTemplate(host, { value: 2000 });
    const experiment = await start({
      name: "deal value",
      incentive: "offer_coupon",
      arms: [
        { key: "base", templateId: dealTemplate.id },
        { key: "rich", templateId: richer.id },
      ],
    });
    const baseViewer = viewerIn(experiment, "base", "d");
    const richViewer = viewerIn(experiment, "rich", "d");
    const sockets = [await viewer(baseViewer), await viewer(richViewer)];
    await startOffer(host, dealTemplate.id, { stock: 5 });
    const claims = await Promise.all(sockets.map((s) => call(s, ClientEvent.comment, { text: "1" })));
    const won = claims.map((c) => (c.ok && c.data.claim?.result === "won" ? c.data.claim.coupon.value : null));
    expect(won).toEqual([1000, 2000]);
    expect(await exposures(experiment.id)).toEqual({ [baseViewer]: "base", [richViewer]: "rich" });
  });
});

describe("refusals", () => {
  it("refuses bad experiments with a clear code and changes nothing", async () => {
    const template = await makeTemplate(host);
    await start({
      name: "running",
      incentive: "watch_rate",
      arms: [
        { key: "a", pointsPerBlock: 10 },
        { key: "b", pointsPerBlock: 20 },
      ],
    });
    const amy = await viewer("amy");
    const before = await stateFingerprint(server);
    const attempts: [unknown, string][] = [
      // a second experiment on an incentive already under test
      [
        {
          name: "x",
          incentive: "watch_rate",
          arms: [
            { key: "a", pointsPerBlock: 5 },
            { key: "b", pointsPerBlock: 6 },
          ],
        },
        "experiment_conflict",
      ],
      // a coupon incentive without templates
      [
        {
          name: "x",
          incentive: "first_order_coupon",
          arms: [
            { key: "a", pointsPerBlock: 5 },
            { key: "b", templateId: template.id },
          ],
        },
        "experiment_invalid",
      ],
      [
        {
          name: "x",
          incentive: "offer_coupon",
          arms: [
            { key: "a", templateId: template.id },
            { key: "b", templateId: "nope" },
          ],
        },
        "template_not_found",
      ],
      // one arm, a reserved arm name, duplicate keys, too big a holdout
      [{ name: "x", incentive: "watch_rate", arms: [{ key: "a", pointsPerBlock: 5 }] }, "bad_request"],
      [
        {
          name: "x",
          incentive: "watch_rate",
          arms: [
            { key: "holdout", pointsPerBlock: 5 },
            { key: "b", pointsPerBlock: 6 },
          ],
        },
        "bad_request",
      ],
      [
        {
          name: "x",
          incentive: "watch_rate",
          arms: [
            { key: "a", pointsPerBlock: 5 },
            { key: "a", pointsPerBlock: 6 },
          ],
        },
        "bad_request",
      ],
      [
        {
          name: "x",
          incentive: "offer_coupon",
          holdoutPercent: 80,
          arms: [
            { key: "a", templateId: template.id },
            { key: "b", templateId: template.id },
          ],
        },
        "bad_request",
      ],
    ];
    for (const [payload, code] of attempts) {
      const result = await call(host, HostEvent.experimentStart, payload as ExperimentInput);
      expect(result.ok ? "accepted" : result.error.code).toBe(code);
    }
    const stop = await call(host, HostEvent.experimentStop, { experimentId: "exp_none" });
    expect(stop.ok ? "stopped" : stop.error.code).toBe("experiment_not_found");
    // a viewer may not run experiments nor read the dashboard
    const asViewer = await call(amy, HostEvent.insight, {});
    expect(asViewer.ok ? "read" : asViewer.error.code).toBe("forbidden");
    expect(await stateFingerprint(server)).toBe(before);
  });
});

describe("the shop API", () => {
  it("starts, lists, reads and stops experiments, and serves the dashboard for the shop's own rooms only", async () => {
    const templateId = await createTemplateOverApi(server);
    const created = await shopApi(server, "/v1/experiments", {
      body: {
        name: "deal",
        incentive: "offer_coupon",
        arms: [
          { key: "a", templateId },
          { key: "b", templateId },
        ],
        holdoutPercent: 10,
      },
    });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect((await shopApi(server, "/v1/experiments")).body.experiments).toHaveLength(1);
    const read = await shopApi(server, `/v1/experiments/${id}`);
    expect(read.body).toMatchObject({ id, status: "running", holdoutPercent: 10 });
    expect((read.body.results as { arm: string }[]).map((r) => r.arm)).toEqual(["a", "b", HOLDOUT_ARM]);
    const stopped = await shopApi(server, `/v1/experiments/${id}/stop`, { method: "POST" });
    expect(stopped.body).toMatchObject({ id, status: "stopped" });
    expect((await shopApi(server, "/v1/experiments/exp_none")).status).toBe(404);
    expect((await shopApi(server, "/v1/experiments", { body: { name: "x" } })).status).toBe(400);

    const dashboard = await shopApi(server, `/v1/insight?room=${server.roomId}`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toMatchObject({ live: { roomId: server.roomId }, shop: { buyers: 0 } });
    expect((await shopApi(server, "/v1/insight?room=someone-elses")).status).toBe(404);
    expect((await shopApi(server, `/v1/insight?room=${server.roomId}`, { secret: "sk_wrong" })).status).toBe(401);
  });
});

describe("this live, recorded as it happens", () => {
  it("adds each viewer's verified watch time to the live they watched, and none while off air", async () => {
    const amy = await viewer("amy");
    await watchFor(server, amy, 5 * 60); // off air: counts for points, not for a live
    const live = await call(host, HostEvent.live, { live: true });
    if (!live.ok) throw new Error(live.error.code);
    await watchFor(server, amy, 8 * 60, 30, undefined, false);
    await watchFor(server, amy, 4 * 60, 30, undefined, false);
    const bob = await viewer("bob");
    await watchFor(server, bob, 30 * 60);
    const insight = await call(host, HostEvent.insight, {});
    if (!insight.ok) throw new Error(insight.error.code);
    // amy 12 minutes while live (not her 5 before), bob 30; the buckets are [0,10) [10,30) [30,60) [60,∞)
    expect(insight.data.live.watch).toMatchObject({ viewers: 2, averageMinutes: 21 });
    expect(insight.data.live.watch.distribution.map((b) => b.viewers)).toEqual([0, 1, 1, 0]);
    // amy completes her first block (at 10 minutes in all) during the live, bob 3; 10 points a block
    expect(insight.data.live.pointsIssued).toBe(40);
  });
});
