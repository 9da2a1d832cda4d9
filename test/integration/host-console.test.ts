import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ClientEvent,
  type CommentBatch,
  type CouponTemplate,
  type HostComment,
  HostEvent,
  HostPush,
  type HostStats,
  ServerEvent,
} from "../../protocol/index.js";
import { createTemplateOverApi, shopApi } from "../../support/commerce.js";
import { expireOffers, joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { call, joinRoom, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { inProcessCluster, startNode } from "../helpers/cluster.js";

/** What the host console reads from the server: counts that mean what they say. */
let server: TestServer;
let host: TestSocket;
beforeEach(async () => {
  server = await startServer();
  host = await joinAsHost(server);
});
afterEach(async () => {
  await server.close();
});

const viewer = async (sub: string, name: string | null = sub) =>
  (await joinRoom(server, await server.token(sub, name ? { name } : {}))).socket;
const say = (socket: TestSocket, text: string) => call(socket, ClientEvent.comment, { text });
const stats = async (): Promise<HostStats> => {
  const ack = await call(host, HostEvent.stats, {});
  if (!ack.ok) throw new Error(ack.error.code);
  return ack.data;
};

describe("who the console counts", () => {
  it("viewers now counts viewers and guests in the room, never the host consoles", async () => {
    await joinAsHost(server, "host-2");
    expect((await stats()).viewers).toBe(0);
    await viewer("amy");
    await joinRoom(server);
    expect((await stats()).viewers).toBe(2);
  });

  it("a host saying the keyword calls the deal: it is a comment, not a claim or an entry", async () => {
    const amy = await viewer("amy");
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: 5 });
    expect(await say(host, "1")).toEqual({ ok: true, data: { accepted: true, claim: null } });
    expect(await say(amy, "1")).toMatchObject({ ok: true, data: { claim: { result: "won" } } });
    expect((await stats()).offer).toMatchObject({ id: offer.id, claimed: 1, entries: 1 });
    const coupons = await server.store.db.selectFrom("coupons").select("viewer_id").execute();
    expect(coupons).toEqual([{ viewer_id: "amy" }]);
  });
});

describe("the winners list", () => {
  const winnersOf = async (offerId: string, offset = 0) => {
    const ack = await call(host, HostEvent.winners, { offerId, offset });
    if (!ack.ok) throw new Error(ack.error.code);
    return ack.data;
  };

  it("names this deal's winners only, by name, while claims count them all", async () => {
    const template = await makeTemplate(host);
    const first = await startOffer(host, template.id, { stock: 5, durationSeconds: 10 });
    for (const sub of ["a1", "a2", "a3"]) await say(await viewer(sub), "1");
    server.clock.advance(10_000);
    await expireOffers(server);
    // Bo's token this time carries no name; the shop knows him from an earlier visit
    await viewer("bo", "Bo");
    const second = await startOffer(host, template.id, { stock: 5 });
    await say(await viewer("bo", null), "1");
    await say(await viewer("cy"), "1");
    const now = await stats();
    expect(now.offer).toMatchObject({ id: second.id, claimed: 2 });
    expect(now.winners.map((w) => w.name)).toEqual(["cy", "Bo"]);
    expect((await winnersOf(first.id)).winners.map((w) => w.name)).toEqual(["a1", "a2", "a3"]);
  });

  it("past the newest 50, every winner is reachable a page at a time, in the order they won", async () => {
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: 60 });
    const subs = Array.from({ length: 55 }, (_, i) => `fan-${String(i + 1).padStart(2, "0")}`);
    // one after another: each join has its own time to get its snapshot, however busy the machine
    for (const sub of subs) await say(await viewer(sub), "1");
    const now = await stats();
    expect(now.offer?.claimed).toBe(55);
    expect(now.winners).toHaveLength(50);
    expect(now.winners[0]?.name).toBe("fan-55");
    const all = await winnersOf(offer.id);
    expect(all).toMatchObject({ offerId: offer.id, total: 55, offset: 0 });
    expect(all.winners.map((w) => w.name)).toEqual(subs);
    expect((await winnersOf(offer.id, 52)).winners.map((w) => w.name)).toEqual(["fan-53", "fan-54", "fan-55"]);
  });

  it("is the host's to read, for this room's offers only", async () => {
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id);
    const amy = await viewer("amy");
    expect(await call(amy, HostEvent.winners, { offerId: offer.id })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await call(host, HostEvent.winners, { offerId: "ofr_elsewhere" })).toMatchObject({
      ok: false,
      error: { code: "offer_none" },
    });
  });
});

describe("coupon templates on the console", () => {
  /** The next template push that satisfies `done`, within a few pushes' time. */
  const pushedUntil = (done: (templates: CouponTemplate[]) => boolean) =>
    new Promise<CouponTemplate[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no such templates push within 5 s")), 5000);
      const listener = (update: { templates: CouponTemplate[] }) => {
        if (!done(update.templates)) return;
        clearTimeout(timer);
        host.off(HostPush.templates, listener);
        resolve(update.templates);
      };
      host.on(HostPush.templates, listener);
    });
  const issued = (templates: CouponTemplate[], id: string) => templates.find((t) => t.id === id)?.issued;

  it("follow what is issued, by a deal or an exchange, and what is added elsewhere, without a reload", async () => {
    const template = await makeTemplate(host, { pointsCost: 100, perViewerLimit: 5 });
    const amy = await viewer("amy");
    await startOffer(host, template.id, { stock: 5 });
    await say(amy, "1");
    expect(issued(await pushedUntil((t) => issued(t, template.id) === 1), template.id)).toBe(1);

    await shopApi(server, "/v1/viewers/amy/points", { body: { delta: 500, idempotencyKey: "fund-amy" } });
    expect(await call(amy, ClientEvent.exchange, { templateId: template.id })).toMatchObject({ ok: true });
    expect(issued(await pushedUntil((t) => issued(t, template.id) === 2), template.id)).toBe(2);

    const added = await createTemplateOverApi(server, { pointsCost: 300 });
    const list = await pushedUntil((t) => t.some((x) => x.id === added));
    expect(list.map((t) => t.id)).toEqual([template.id, added]);
  });
});

describe("the room's recent comments", () => {
  /** Resolves once the room's batches have carried a comment with this text to `socket`. */
  const heard = (socket: TestSocket, text: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`"${text}" not heard within 3 s`)), 3000);
      const listener = (batch: CommentBatch) => {
        if (!batch.sample.some((c) => c.text === text)) return;
        clearTimeout(timer);
        socket.off(ServerEvent.comments, listener);
        resolve();
      };
      socket.on(ServerEvent.comments, listener);
    });
  const recent = async (socket: TestSocket) => {
    const ack = await call(socket, HostEvent.comments, {});
    if (!ack.ok) throw new Error(ack.error.code);
    return ack.data.comments;
  };

  it("a console that joins (or reloads) gets what the room said before, oldest first", async () => {
    const amy = await viewer("amy", "Amy");
    const bo = await viewer("bo", "Bo");
    const said = heard(bo, "<b>1</b>");
    for (const text of ["hello", "is M in stock?", "<b>1</b>"]) await say(amy, text);
    await said;
    const reloaded = await joinAsHost(server, "host-reloaded");
    const comments = await recent(reloaded);
    expect(comments.map((c) => [c.name, c.text])).toEqual([
      ["Amy", "hello"],
      ["Amy", "is M in stock?"],
      ["Amy", "<b>1</b>"],
    ]);
    expect(new Set(comments.map((c) => c.id)).size).toBe(3);
    expect(await call(amy, HostEvent.comments, {})).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("every node of a deployment keeps them: a console on another node than the room's talkers gets them", async () => {
    const cluster = inProcessCluster();
    const [a, b] = await Promise.all([startNode(server, cluster), startNode(server, cluster)]);
    try {
      const amy = await a.join("amy");
      const onB = await b.join("host-on-b", { role: "host" });
      const said = heard(onB, "hello from node A");
      expect(await say(amy, "hello from node A")).toMatchObject({ ok: true });
      await said;
      const lateHost = await b.join("host-late", { role: "host" });
      expect((await recent(lateHost)).map((c) => [c.name, c.text])).toEqual([["amy", "hello from node A"]]);
      // a node no one in the room talks to (the test server's own) has nothing of node A's: not shared
      expect(await recent(host)).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("the host's copy of each batch says who said each comment, so Mute mutes them; viewers get names only", async () => {
    const amy = await viewer("amy", "Amy");
    const bo = await viewer("bo", "Bo");
    const forHosts = new Promise<HostComment[]>((resolve) =>
      host.once(HostPush.comments, (batch) => resolve(batch.comments)),
    );
    const said = heard(bo, "buy now at spam.example");
    await say(amy, "buy now at spam.example");
    const [comment] = await forHosts;
    await said;
    expect(comment).toMatchObject({ viewerId: "amy", name: "Amy", text: "buy now at spam.example" });
    const roomBatch = await new Promise<CommentBatch>((resolve) => {
      bo.once(ServerEvent.comments, resolve);
      void say(amy, "again");
    });
    expect(roomBatch.sample.every((c) => !("viewerId" in c))).toBe(true);
    expect(await call(host, HostEvent.mute, { viewerId: comment?.viewerId ?? "", muted: true })).toMatchObject({
      ok: true,
    });
    expect(await say(amy, "more spam")).toMatchObject({ ok: false, error: { code: "muted" } });
    expect((await recent(host)).map((c) => c.viewerId)).toEqual(["amy", "amy"]);
  });

  it("names a commenter by the name the shop knows, and one with no name at all never by their id", async () => {
    await viewer("bo-7731", "Bo");
    const bo = await viewer("bo-7731", null);
    const nameless = await viewer("u-20931-x", null);
    const said = heard(host, "second");
    await say(bo, "first");
    await say(nameless, "second");
    await said;
    const names = (await recent(host)).map((c) => c.name);
    expect(names).toEqual(["Bo", "u***-x"]);
    expect(names.join()).not.toContain("20931");
  });

  it("keeps a bounded list per room", async () => {
    const fans: TestSocket[] = [];
    for (let i = 0; i < 12; i++) fans.push(await viewer(`fan-${i}`));
    // each batch shows its newest 8: ten rounds of twelve are more than the list keeps
    for (let round = 0; round < 10; round++) {
      const said = heard(host, `round ${round} from 11`);
      // a minute between rounds: each fan's comment pace starts afresh
      server.clock.advance(60_000);
      for (const [i, fan] of fans.entries())
        expect(await say(fan, `round ${round} from ${i}`)).toMatchObject({ ok: true });
      await said;
    }
    const comments = await recent(host);
    expect(comments).toHaveLength(50);
    expect(comments.at(-1)?.text).toBe("round 9 from 11");
  });
});

describe("the dashboard's audience", () => {
  it("counts viewers in tiers and segments, never the shop's hosts", async () => {
    await joinAsHost(server, "host-2");
    await viewer("amy");
    await viewer("bo");
    // a month on, nobody has watched: both viewers are dormant, the hosts are not anybody's audience
    server.clock.advance(31 * 24 * 3600_000);
    const insight = await call(host, HostEvent.insight, {});
    if (!insight.ok) throw new Error(insight.error.code);
    expect(insight.data.shop.tiers.reduce((n, t) => n + t.viewers, 0)).toBe(2);
    expect(insight.data.shop.segments.dormant).toBe(2);
  });
});

describe("the dashboard's names", () => {
  it("names every template this live's offers and the experiments' arms refer to, and no other", async () => {
    expect(await call(host, HostEvent.live, { live: true })).toMatchObject({ ok: true });
    const deal = await makeTemplate(host, { name: { "zh-CN": "满50减10", en: "¥10 off ¥50" } });
    const richer = await makeTemplate(host, { name: { "zh-CN": "满50减20", en: "¥20 off ¥50" }, value: 2000 });
    await makeTemplate(host, { name: { "zh-CN": "不相干", en: "Unrelated" } });
    await startOffer(host, deal.id);
    const experiment = await call(host, HostEvent.experimentStart, {
      name: "deal value",
      incentive: "offer_coupon",
      arms: [
        { key: "a", templateId: deal.id },
        { key: "b", templateId: richer.id },
      ],
    });
    expect(experiment).toMatchObject({ ok: true });
    const insight = await call(host, HostEvent.insight, {});
    if (!insight.ok) throw new Error(insight.error.code);
    expect(insight.data.live.offers.map((o) => o.templateId)).toEqual([deal.id]);
    // a lookup by id for the dashboard: which templates, not in what order (both were made in the same ms)
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect([...insight.data.templates].sort(byId)).toEqual(
      [
        { id: deal.id, name: deal.name, kind: "amount", value: 1000, minSpend: 5000 },
        { id: richer.id, name: richer.name, kind: "amount", value: 2000, minSpend: 5000 },
      ].sort(byId),
    );
  });
});
