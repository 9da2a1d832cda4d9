import type { Chunk, ChunkFormat } from "./generate.js";

/** Runs one named step of the seed and adds its seconds to the seed's timing. */
export type Phase = <T>(name: string, work: () => T | Promise<T>) => Promise<T>;

/** Where the chunks of a bulk seed go: one per dialect, each the fastest way into its database. */
export interface BulkSink {
  /** how this database wants its chunks encoded */
  format: ChunkFormat;
  /** the rows of one chunk of viewers, in the order they were generated */
  write(chunk: Chunk): void | Promise<void>;
  /** after the last chunk: everything written, indexes and constraints back, the schema as before */
  finish(phase: Phase): Promise<void>;
  /** after a failure: nothing left open (the database is then half seeded: seed a fresh one) */
  abort(): void | Promise<void>;
}
