import type { SweepResult } from "./sweep.js";

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
  | { kind: "close" };

/** The methods of the notifier a sweep calls; each call is carried to the server, which owns the sockets. */
export type NotifierCall = "toViewer" | "toViewerElsewhere" | "dropViewer" | "retier" | "toRoom" | "toShelf";

/** The sweep thread to the server. */
export type FromSweepThread =
  | { kind: "notify"; method: NotifierCall; args: unknown[] }
  | { kind: "swept"; id: number; result: SweepResult | null }
  | { kind: "failed"; id: number; message: string; stack?: string }
  | { kind: "closed" };
