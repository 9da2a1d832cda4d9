import { describe, expect, it } from "vitest";
import { byDate, type PastOrder } from "../../server/domain/import.js";
import { mergedBatches } from "../../server/services/import/date-order.js";

const order = (line: number, paidAt: number): PastOrder => ({
  line,
  orderId: `o${line}`,
  viewerId: `v${line % 7}`,
  amount: 1000,
  discount: 0,
  items: [],
  paidAt,
});

/** Chunks as staging leaves them: each sorted by date on its own. */
function chunksOf(orders: PastOrder[], size: number): PastOrder[][] {
  const chunks: PastOrder[][] = [];
  for (let from = 0; from < orders.length; from += size) chunks.push(orders.slice(from, from + size).sort(byDate));
  return chunks;
}

async function mergeAll(chunks: PastOrder[][], batchSize: number, bufferLines?: number) {
  const reads: { chunk: number; fromSeq: number; limit: number }[] = [];
  const done: number[] = [];
  const batches: PastOrder[][] = [];
  const read = async (chunk: number, fromSeq: number, limit: number) => {
    reads.push({ chunk, fromSeq, limit });
    return (chunks[chunk] as PastOrder[]).slice(fromSeq, fromSeq + limit);
  };
  for await (const batch of mergedBatches(
    chunks.length,
    read,
    batchSize,
    async (c) => void done.push(c),
    bufferLines,
  )) {
    batches.push(batch);
  }
  return { batches, reads, done };
}

describe("merging sorted chunks of an import", () => {
  it("hands out every line once, in date order (ties in file order), in batches of the size asked", async () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    // few distinct dates, so many lines tie and the file order must break the tie
    const orders = Array.from({ length: 2_345 }, (_, i) => order(i + 1, next() % 97));
    const { batches, done } = await mergeAll(chunksOf(orders, 500), 300);
    expect(batches.slice(0, -1).every((b) => b.length === 300)).toBe(true);
    expect(batches.flat()).toEqual([...orders].sort(byDate));
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("reads each chunk a slice at a time, so it never holds a whole chunk", async () => {
    const orders = Array.from({ length: 3_000 }, (_, i) => order(i + 1, 3_000 - i));
    const { batches, reads } = await mergeAll(chunksOf(orders, 1_500), 1_000, 1_000);
    expect(batches.flat().map((o) => o.line)).toEqual(orders.map((o) => o.line).reverse());
    expect(Math.max(...reads.map((r) => r.limit))).toBe(500);
    // each read starts where the last one of its chunk ended
    for (const chunk of [0, 1]) {
      const starts = reads.filter((r) => r.chunk === chunk).map((r) => r.fromSeq);
      expect(starts[0]).toBe(0);
      for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeGreaterThan(starts[i - 1] as number);
    }
  });

  it("gives nothing for no chunks, and copes with empty ones", async () => {
    expect((await mergeAll([], 10)).batches).toEqual([]);
    const { batches, done } = await mergeAll([[], [order(1, 5)], []], 10);
    expect(batches).toEqual([[order(1, 5)]]);
    expect(done.sort()).toEqual([0, 1, 2]);
  });
});
