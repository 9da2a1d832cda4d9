import { randomBytes, randomFillSync } from "node:crypto";

/**
 * Random bytes for ids and coupon codes, drawn from a buffer the system's generator fills 4 KiB
 * at a time, so making an id is a copy rather than a call into the generator (a few microseconds
 * each: a sweep that sends tens of thousands of touches makes a touch id and a coupon code for
 * each). Every byte is handed out once, and a copy, so a caller cannot see or keep the pool.
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

export function pooledRandomBytes(n: number): Buffer {
  if (n > POOL_BYTES) return randomBytes(n);
  if (used + n > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(used, used + n));
  used += n;
  return bytes;
}
