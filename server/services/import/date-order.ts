import { byDate, type PastOrder } from "../../domain/import.js";

/**
 * Lines sorted in memory at a time before they are staged: the most an import holds of its file
 * while reading it, whatever the file's size.
 */
export const SORT_CHUNK_LINES = 25_000;

/** Lines the merge holds in memory at once, shared among the chunks it merges. */
export const MERGE_BUFFER_LINES = 40_000;
/** The fewest lines read from a chunk at a time, however many chunks there are. */
const MIN_SLICE = 200;

/** Reads up to `limit` lines of a staged chunk from place `fromSeq` on, in the chunk's order. */
export type ReadChunk = (chunk: number, fromSeq: number, limit: number) => Promise<PastOrder[]>;

interface Cursor {
  chunk: number;
  rows: PastOrder[];
  at: number;
  nextSeq: number;
  exhausted: boolean;
}

/**
 * The lines of `chunks` staged chunks, each in date order, merged into one date order and
 * handed out `batchSize` at a time. Each chunk is read a slice at a time, so memory stays
 * bounded by `bufferLines` however long the file; `onDone` hears of each chunk once it has
 * been read to its end (its staged lines can go).
 */
export async function* mergedBatches(
  chunks: number,
  read: ReadChunk,
  batchSize: number,
  onDone: (chunk: number) => Promise<void>,
  bufferLines = MERGE_BUFFER_LINES,
): AsyncGenerator<PastOrder[]> {
  const slice = Math.max(MIN_SLICE, Math.floor(bufferLines / Math.max(1, chunks)));
  const heap: Cursor[] = [];
  // a cursor whose rows are spent reads its next slice; false once the chunk has no more
  const refill = async (cursor: Cursor): Promise<boolean> => {
    if (!cursor.exhausted) {
      cursor.rows = await read(cursor.chunk, cursor.nextSeq, slice);
      cursor.at = 0;
      cursor.nextSeq += cursor.rows.length;
      cursor.exhausted = cursor.rows.length < slice;
    } else cursor.rows = [];
    if (cursor.rows.length > 0) return true;
    await onDone(cursor.chunk);
    return false;
  };
  for (let chunk = 0; chunk < chunks; chunk++) {
    const cursor: Cursor = { chunk, rows: [], at: 0, nextSeq: 0, exhausted: false };
    if (await refill(cursor)) push(heap, cursor);
  }
  let batch: PastOrder[] = [];
  while (heap.length > 0) {
    const top = heap[0] as Cursor;
    batch.push(top.rows[top.at++] as PastOrder);
    if (top.at === top.rows.length && !(await refill(top))) pop(heap);
    else siftDown(heap, 0);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

const head = (cursor: Cursor) => cursor.rows[cursor.at] as PastOrder;
const before = (a: Cursor, b: Cursor) => byDate(head(a), head(b)) < 0;

function push(heap: Cursor[], cursor: Cursor): void {
  heap.push(cursor);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i] as Cursor, heap[parent] as Cursor)) break;
    [heap[i], heap[parent]] = [heap[parent] as Cursor, heap[i] as Cursor];
    i = parent;
  }
}

function pop(heap: Cursor[]): void {
  const last = heap.pop() as Cursor;
  if (heap.length === 0) return;
  heap[0] = last;
  siftDown(heap, 0);
}

function siftDown(heap: Cursor[], from: number): void {
  let i = from;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let least = i;
    if (left < heap.length && before(heap[left] as Cursor, heap[least] as Cursor)) least = left;
    if (right < heap.length && before(heap[right] as Cursor, heap[least] as Cursor)) least = right;
    if (least === i) return;
    [heap[i], heap[least]] = [heap[least] as Cursor, heap[i] as Cursor];
    i = least;
  }
}
