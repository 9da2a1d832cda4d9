import { describe, expect, it } from "vitest";
import {
  ClaimQueue,
  FLUSH_AT_CLAIMS,
  GATHER_MS,
  type PendingClaim,
  STORM_TURN_CLAIMS,
} from "../../server/services/offers/claims.js";

const claim = (i: number, roomId = "r1") =>
  ({ claimant: { roomId, viewerId: `v${i}` }, offerId: "o1", resolve() {}, reject() {} }) as unknown as PendingClaim;

describe("ClaimQueue", () => {
  it("asks for a flush on the next turn when few claims wait", async () => {
    let flushes = 0;
    const queue = new ClaimQueue(() => flushes++);
    queue.add(claim(1));
    queue.add(claim(2));
    await Promise.resolve();
    expect(flushes).toBe(0);
    await new Promise((next) => setImmediate(next));
    expect(flushes).toBe(1);
    expect(queue.take().get("r1")?.length).toBe(2);
  });

  it(`asks at once, without waiting for a turn a storm's frames may hold up, when ${FLUSH_AT_CLAIMS} wait`, async () => {
    let flushes = 0;
    const queue = new ClaimQueue(() => flushes++);
    for (let i = 0; i < FLUSH_AT_CLAIMS; i++) queue.add(claim(i));
    await Promise.resolve();
    expect(flushes).toBe(1);
    // the next flush comes after as many more, not with every claim that follows
    for (let i = 0; i < FLUSH_AT_CLAIMS - 1; i++) queue.add(claim(1000 + i));
    await Promise.resolve();
    expect(flushes).toBe(1);
  });

  it(`gathers ${GATHER_MS} ms longer when ${STORM_TURN_CLAIMS} first-come claims came in one turn, a storm beginning`, async () => {
    let flushes = 0;
    const queue = new ClaimQueue(() => flushes++);
    for (let i = 0; i < STORM_TURN_CLAIMS; i++) queue.add(claim(i));
    await new Promise((next) => setImmediate(next));
    expect(flushes).toBe(0);
    queue.add(claim(100)); // read while it gathers: in the same batch
    await new Promise((next) => setTimeout(next, GATHER_MS + 5));
    expect(flushes).toBe(1);
    expect(queue.take().get("r1")?.length).toBe(STORM_TURN_CLAIMS + 1);
    // the storm's batch may still fill first
    for (let i = 0; i < STORM_TURN_CLAIMS; i++) queue.add(claim(200 + i));
    await new Promise((next) => setImmediate(next));
    for (let i = 0; i < FLUSH_AT_CLAIMS; i++) queue.add(claim(300 + i));
    await Promise.resolve();
    expect(flushes).toBe(2);
    await new Promise((next) => setTimeout(next, GATHER_MS + 5));
    queue.take();
    // a quiet turn after a storm's gathered batch goes on the next turn again
    const before = flushes;
    queue.add(claim(900));
    await new Promise((next) => setImmediate(next));
    expect(flushes).toBe(before + 1);
  });

  it("lets a lucky bag's claims wait for the turn, however many, so they go in one batch", async () => {
    let flushes = 0;
    const queue = new ClaimQueue(() => flushes++);
    for (let i = 0; i < 3 * FLUSH_AT_CLAIMS; i++) queue.add(claim(i), false);
    await Promise.resolve();
    expect(flushes).toBe(0);
    await new Promise((next) => setImmediate(next));
    expect(flushes).toBe(1);
    expect(queue.take().get("r1")?.length).toBe(3 * FLUSH_AT_CLAIMS);
  });

  it("puts claims back ahead of newer ones and flushes them", async () => {
    let flushes = 0;
    const queue = new ClaimQueue(() => flushes++);
    queue.add(claim(3));
    queue.putBack([claim(1), claim(2)]);
    await Promise.resolve();
    expect(flushes).toBe(1);
    expect(
      queue
        .take()
        .get("r1")
        ?.map((c) => c.claimant.viewerId),
    ).toEqual(["v1", "v2", "v3"]);
  });
});
