import { describe, expect, it } from "vitest";
import { Id } from "../../protocol/index.js";
import { newCouponCode } from "../../server/domain/coupons.js";
import { newTouchId } from "../../server/services/lifecycle/send.js";
import { pooledRandomBytes } from "../../server/shared/random-pool.js";

describe("random bytes from the pool", () => {
  it("hands out the asked length, never the same bytes twice, across refills", () => {
    const seen = new Set<string>();
    // 3,000 draws of 16 bytes: the 4 KiB pool is refilled about a dozen times
    for (let i = 0; i < 3000; i++) {
      const bytes = pooledRandomBytes(16);
      expect(bytes.length).toBe(16);
      seen.add(bytes.toString("hex"));
    }
    expect(seen.size).toBe(3000);
    expect(pooledRandomBytes(5000).length).toBe(5000);
  });

  it("gives a copy: the pool refilled later leaves what was drawn as it was", () => {
    const drawn = pooledRandomBytes(8);
    const before = drawn.toString("hex");
    // twice the pool's size in draws: it is refilled over the bytes `drawn` came from
    for (let i = 0; i < 1024; i++) pooledRandomBytes(8);
    expect(drawn.toString("hex")).toBe(before);
  });

  it("makes coupon codes of 16 symbols that differ", () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newCouponCode()));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
  });
});

describe("a touch's id", () => {
  it("sorts after every id made before it, at one moment or a later one", () => {
    const ids = [
      ...Array.from({ length: 50 }, () => newTouchId(1_800_000_000_000)),
      ...Array.from({ length: 50 }, () => newTouchId(1_800_000_000_001)),
      newTouchId(1_900_000_000_000),
    ];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is an id the protocol accepts back (the inbox marks touches seen by it)", () => {
    expect(Id.safeParse(newTouchId(Date.now())).success).toBe(true);
    expect(Id.safeParse(newTouchId(0)).success).toBe(true);
  });
});
