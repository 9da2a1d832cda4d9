import type { SweepResult } from "./sweep.js";
import type { SweepWriteName } from "./sweep-writes.js";

/** What a sweep in the thread needs besides the shop, which the thread reads itself. */
export interface ThreadSweepOptions {
  holder: string;
  leaseMs: number;
  chunk?: number;
  full?: boolean;
}

/** The server to its sweep thread. */
export type ToSweepThread =
  /** `now` is the moment swept (the caller's clock); `clockNow` what the caller's clock said on sending, for the lease */
  | { kind: "sweep"; id: number; shopId: string; now: number; clockNow: number; options: ThreadSweepOptions }
  /** end the sweep under way at its next chunk (the next run picks up the rest), close the store, answer `closed` */
  | { kind: "close" }
  /** a write the thread asked for is committed, with what it answered */
  | { kind: "written"; id: number; value: unknown }
  /** a write the thread asked for failed: what it committed before stays, keyed, so the next sweep does the rest once */
  | { kind: "writeFailed"; id: number; message: string; stack?: string };

/** The methods of the notifier a sweep calls; each call is carried to the server, which owns the sockets. */
export const NOTIFIER_CALLS = ["toViewer", "toViewerElsewhere", "dropViewer", "retier", "toRoom", "toShelf"] as const;
export type NotifierCall = (typeof NOTIFIER_CALLS)[number];

/** One notifier call, with its arguments. */
export interface NotifyCall {
  method: NotifierCall;
  args: unknown[];
}

/** The sweep thread to the server. */
export type FromSweepThread =
  /** the notifier calls of one turn of the thread's loop, in order (a chunk's sends together) */
  | { kind: "notify"; calls: NotifyCall[] }
  /** one of the sweep's writes (sweep-writes.ts), for the server's thread to make on its connection */
  | { kind: "write"; id: number; name: SweepWriteName; args: unknown[] }
  | { kind: "swept"; id: number; result: SweepResult | null }
  | { kind: "failed"; id: number; message: string; stack?: string }
  | { kind: "closed" };
