import type { Logger } from "pino";
import type { z } from "zod";
import {
  type AckFn,
  ClientPayloads,
  type ClientToServerEvents,
  EncoreError,
  type ErrorBody,
  type ErrorCode,
  MAX_CLIENT_PAYLOAD_BYTES,
} from "../../protocol/index.js";
import type { Clock } from "../clock.js";
import { metrics } from "../ops/metrics.js";
import type { Identity } from "../services/identity.js";
import { TokenBucket } from "../shared/rate-limit.js";
import type { EncoreSocket } from "./types.js";

type EventName = keyof ClientToServerEvents;
type AckData<E extends EventName> = Parameters<ClientToServerEvents[E]>[1] extends AckFn<infer T> ? T : never;
type Payload<E extends EventName> = z.infer<(typeof ClientPayloads)[E]>;

export interface EdgeOptions {
  /** who may send it: anyone in the room, a signed-in viewer or host, or a host only */
  who: "anyone" | "member" | "host";
  /** refuse a message of this kind sooner than this after the last accepted one */
  minIntervalMs?: number;
  /**
   * its handler paces it instead of the socket's shared bucket: comments are chat (the shop's
   * comment pace) or claims (their own pace), and a burst of either must not swallow the other
   */
  ownPace?: true;
}

/**
 * The socket edge: every client message passes here before any handler runs. It checks size,
 * rate, identity and shape, in that order, and answers in the ack with a code the widget can
 * act on. A refusal changes nothing and is logged once per socket and code.
 */
export class SocketEdge {
  private readonly bucket: TokenBucket;
  private readonly lastAccepted = new Map<EventName, number>();
  private readonly logged = new Set<string>();

  constructor(
    private readonly socket: EncoreSocket,
    private readonly log: Logger,
    private readonly clock: Clock,
  ) {
    this.bucket = new TokenBucket(20, 10, clock.now());
  }

  on<E extends EventName>(
    event: E,
    options: EdgeOptions,
    handler: (payload: Payload<E>, identity: Identity | null) => Promise<AckData<E>>,
  ): void {
    // socket.io's typings cannot express a listener that accepts anything, which is what an edge must do.
    (this.socket as unknown as { on(e: string, l: (...args: unknown[]) => void): void }).on(event, (...args) => {
      const ack = typeof args[args.length - 1] === "function" ? (args.pop() as AckFn<AckData<E>>) : undefined;
      void this.handle(event, options, handler, args, ack);
    });
  }

  private async handle<E extends EventName>(
    event: E,
    options: EdgeOptions,
    handler: (payload: Payload<E>, identity: Identity | null) => Promise<AckData<E>>,
    args: unknown[],
    ack: AckFn<AckData<E>> | undefined,
  ): Promise<void> {
    try {
      const payload = this.admit(event, options, args);
      const data = await handler(payload, this.socket.data.identity);
      ack?.({ ok: true, data });
    } catch (error) {
      const body = this.refusal(event, error);
      ack?.({ ok: false, error: body });
    }
  }

  private admit<E extends EventName>(event: E, options: EdgeOptions, args: unknown[]): Payload<E> {
    const now = this.clock.now();
    if (args.length !== 1) throw new EncoreError("bad_request", "send exactly one payload object and an ack");
    let size: number;
    try {
      size = JSON.stringify(args[0] ?? null).length;
    } catch {
      throw new EncoreError("bad_request", "the payload is not JSON");
    }
    if (size > MAX_CLIENT_PAYLOAD_BYTES) {
      throw new EncoreError("payload_too_large", `messages are limited to ${MAX_CLIENT_PAYLOAD_BYTES} bytes`);
    }
    if (!options.ownPace && !this.bucket.take(now)) {
      throw new EncoreError("rate_limited", "too many messages; slow down");
    }
    const last = this.lastAccepted.get(event);
    if (options.minIntervalMs && last !== undefined && now - last < options.minIntervalMs) {
      throw new EncoreError("rate_limited", `${event} is accepted at most every ${options.minIntervalMs} ms`);
    }
    const identity = this.socket.data.identity;
    if (options.who !== "anyone" && !identity) throw new EncoreError("guest", "log in to do this");
    if (options.who === "host" && identity?.role !== "host") throw new EncoreError("forbidden", "hosts only");
    const parsed = ClientPayloads[event].safeParse(args[0]);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ");
      throw new EncoreError("bad_request", where);
    }
    this.lastAccepted.set(event, now);
    return parsed.data as Payload<E>;
  }

  private refusal(event: string, error: unknown): ErrorBody {
    if (error instanceof EncoreError) {
      metrics.refusals.inc({ code: error.code });
      this.logOnce(event, error.code, error.message);
      return error.toBody();
    }
    this.log.error({ err: error, event, socket: this.socket.id }, "socket handler failed");
    return { code: "internal", message: "something went wrong on our side; try again" };
  }

  private logOnce(event: string, code: ErrorCode, message: string): void {
    const key = `${event}:${code}`;
    if (this.logged.has(key)) return;
    this.logged.add(key);
    this.log.warn({ event, code, socket: this.socket.id }, `refused: ${message}`);
  }
}
