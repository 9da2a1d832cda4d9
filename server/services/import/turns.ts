import { setImmediate } from "node:timers/promises";

/**
 * Lets the server answer between two of an import's batches. better-sqlite3 answers at once, so
 * an import's awaits resolve as microtasks and never hand the event loop back: without this, a
 * server importing a file took no request, socket frame or timer until the import ended, minutes
 * for a million lines. setImmediate runs after the loop has polled for I/O, so whatever arrived
 * meanwhile (a live order, a viewer's beat) is served before the next batch starts.
 */
export const yieldToServer = (): Promise<void> => setImmediate();
