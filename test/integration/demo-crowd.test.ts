import { afterEach, describe, expect, it } from "vitest";
import { describeReport, isLoopback, runCrowd } from "../../demo/crowd.js";
import { HostEvent, ServerEvent } from "../../protocol/index.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { call, startServer, type TestServer } from "../../support/server.js";

/** The crowd simulator behind `npm run demo:crowd`: bounded, local, and it answers deals. */
describe("demo crowd", () => {
  let server: TestServer;
  afterEach(async () => {
    await server?.close();
  });

  it("connects its viewers, takes a live deal's whole stock, and leaves when its time is up", async () => {
    server = await startServer();
    const host = await joinAsHost(server);
    await call(host, HostEvent.live, { live: true });
    const template = await makeTemplate(host, { perViewerLimit: 1 });
    await startOffer(host, template.id, { stock: 5, durationSeconds: 300 });

    const report = await runCrowd({
      url: server.url,
      room: server.roomId,
      shop: server.shop.id,
      secret: server.shop.secret,
      viewers: 12,
      seconds: 4,
      chatEveryMs: 0,
      now: () => server.clock.now(),
    });
    expect(report.connected).toBe(12);
    expect(report.failed).toBe(0);
    expect(report.offersSeen).toBe(1);
    // every viewer answered: five won the five coupons, the rest heard it was sold out
    expect(report.claims.won).toBe(5);
    expect(report.claims.refused).toEqual({ sold_out: 7 });
    expect(describeReport(report)).toContain("12 viewers connected (0 failed) for 4 s");
    const winners = await server.store.db
      .selectFrom("coupons")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("source", "=", "deal")
      .executeTakeFirstOrThrow();
    expect(Number(winners.n)).toBe(5);
    // it stopped by itself: only the host is still connected
    await expect.poll(() => server.app.io.of("/").sockets.size).toBe(1);
  });

  it("chats in the room: the host sees the comments arrive", async () => {
    server = await startServer();
    const host = await joinAsHost(server);
    let heard = 0;
    host.on(ServerEvent.comments, (batch) => {
      heard += batch.count;
    });
    const report = await runCrowd({
      url: server.url,
      room: server.roomId,
      shop: server.shop.id,
      secret: server.shop.secret,
      viewers: 4,
      seconds: 3,
      chatEveryMs: 1000,
      now: () => server.clock.now(),
    });
    expect(report.comments).toBeGreaterThan(0);
    await expect.poll(() => heard).toBe(report.comments);
  });

  it("refuses to visit any server but this machine's, and a wrong secret connects nobody", async () => {
    expect(isLoopback("http://127.0.0.1:8787")).toBe(true);
    expect(isLoopback("http://localhost:8787")).toBe(true);
    expect(isLoopback("https://example.com")).toBe(false);
    await expect(
      runCrowd({ url: "https://example.com", room: "demo", shop: "s", secret: "x", viewers: 1, seconds: 1 }),
    ).rejects.toThrow(/only visits a server on this machine/);

    server = await startServer();
    const report = await runCrowd({
      url: server.url,
      room: server.roomId,
      shop: server.shop.id,
      secret: "sk_wrong",
      viewers: 3,
      seconds: 1,
      now: () => server.clock.now(),
    });
    expect(report).toMatchObject({ connected: 0, failed: 3 });
  });
});
