import { describe, expect, it } from "vitest";
import { HeldReads } from "../../server/shared/held-reads.js";

/** A read whose answers the test gives in order when it wants, counting how often it was asked for. */
function reads() {
  const pending: { resolve(value: string): void; reject(error: Error): void }[] = [];
  let asked = 0;
  return {
    read: () =>
      new Promise<string>((resolve, reject) => {
        asked++;
        pending.push({ resolve, reject });
      }),
    answer: (value: string) => pending.shift()?.resolve(value),
    fail: () => pending.shift()?.reject(new Error("gone")),
    get asked() {
      return asked;
    },
  };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("HeldReads", () => {
  it("waits for the first read, then answers from memory while fresh", async () => {
    let now = 0;
    const held = new HeldReads<string, string>(1000, 2000, () => now);
    const db = reads();
    const first = held.get("shop", db.read);
    const second = held.get("shop", db.read);
    db.answer("v1");
    expect(await first).toBe("v1");
    expect(await second).toBe("v1");
    now = 999;
    expect(await held.get("shop", db.read)).toBe("v1");
    expect(db.asked).toBe(1);
  });

  it("answers with the held value while a stale one is read again, once", async () => {
    let now = 0;
    const held = new HeldReads<string, string>(1000, 2000, () => now);
    const db = reads();
    const first = held.get("shop", db.read);
    db.answer("v1");
    await first;
    now = 1500;
    expect(await held.get("shop", db.read)).toBe("v1");
    expect(await held.get("shop", db.read)).toBe("v1");
    expect(db.asked).toBe(2);
    db.answer("v2");
    await settle();
    expect(await held.get("shop", db.read)).toBe("v2");
    expect(db.asked).toBe(2);
  });

  it("reads before answering once the held value is older than servable", async () => {
    let now = 0;
    const held = new HeldReads<string, string>(1000, 2000, () => now);
    const db = reads();
    const first = held.get("shop", db.read);
    db.answer("v1");
    await first;
    now = 2000;
    const late = held.get("shop", db.read);
    db.answer("v2");
    expect(await late).toBe("v2");
  });

  it("after forget, reads again, and a read begun before it replaces nothing", async () => {
    let now = 0;
    const held = new HeldReads<string, string>(1000, 2000, () => now);
    const db = reads();
    const first = held.get("mutes", db.read);
    db.answer("before");
    await first;
    now = 1500;
    held.get("mutes", db.read); // a refresh, begun before the change
    held.forget("mutes");
    const after = held.get("mutes", db.read);
    db.answer("stale"); // the refresh answers late
    db.answer("after");
    expect(await after).toBe("after");
    await settle();
    expect(await held.get("mutes", db.read)).toBe("after");
  });

  it("drops a value whose refresh failed, so the next caller reads for itself", async () => {
    let now = 0;
    const held = new HeldReads<string, string>(1000, 2000, () => now);
    const db = reads();
    const first = held.get("shop", db.read);
    db.answer("v1");
    await first;
    now = 1500;
    held.get("shop", db.read);
    db.fail();
    await settle();
    const next = held.get("shop", db.read);
    expect(db.asked).toBe(3);
    db.answer("v3");
    expect(await next).toBe("v3");
  });
});
