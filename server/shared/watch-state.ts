/*
 * The record the store keeps per viewer per shop and the watch rules (domain/watch.ts) advance:
 * here, so the store can read and write it without importing the domain.
 */

/** What the server keeps per viewer per shop to turn credited time into points. */
export interface WatchState {
  creditedUntil: number | null;
  /** credited time not yet turned into a full block */
  carryMs: number;
  /** all credited time, which paces the attention chest */
  totalMs: number;
  /** local day of `dayPoints` */
  day: string;
  dayPoints: number;
  /** full blocks ever completed: the ordinal that makes each block's ledger key unique */
  blocks: number;
  /** chests ever offered */
  chests: number;
}
