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

type Handler<E extends EventName> = (
  payload: Payload<E>,
  identity: Identity | null,
  socket: EncoreSocket,
) => Promise<AckData<E>>;

interface Route {
  options: EdgeOptions;
  handler: Handler<EventName>;
}

/** What the edge remembers of one socket: made at its first message, gone with the socket. */
interface SocketPace {
  bucket: TokenBucket;
  lastAccepted: Map<EventName, number>;
  /** refusals already logged, as "event:code" */
  logged: Set<string>;
}

/**
 * The socket edge: every client message passes here before any handler runs. It checks size,
 * rate, identity and shape, in that order, and answers in the ack with a code the widget can
 * act on. A refusal changes nothing and is logged once per socket and code.
 *
 * One edge serves every socket of the server: the routes are registered once, and each socket
 * gets one shared listener (socket.io calls it with the socket as `this`). Listeners and their
 * closures made per socket and per event were the largest part of a connected viewer's memory
 * (about 10 KB of 24 KB, at 25 events a socket); a socket that never sends costs nothing here.
 */
export class SocketEdge {
  private readonly routes = new Map<string, Route>();
  private readonly paces = new WeakMap<EncoreSocket, SocketPace>();
  private readonly listener: (this: EncoreSocket, event: string, ...args: unknown[]) => void;

  constructor(
    private readonly log: Logger,
    private readonly clock: Clock,
  ) {
    const edge = this;
    this.listener = function (event, ...args) {
      edge.receive(this, event, args);
    };
  }

  on<E extends EventName>(event: E, options: EdgeOptions, handler: Handler<E>): void {
    if (this.routes.has(event)) throw new Error(`${event} has a handler already`);
    this.routes.set(event, { options, handler: handler as unknown as Handler<EventName> });
  }

  /** Serves a socket that was just admitted. */
  attach(socket: EncoreSocket): void {
    // socket.io's typings cannot express a listener that accepts anything, which is what an edge must do.
    (socket as unknown as { onAny(l: (...args: unknown[]) => void): void }).onAny(
      this.listener as unknown as (...args: unknown[]) => void,
    );
  }

  private receive(socket: EncoreSocket, event: string, args: unknown[]): void {
    // an event nobody handles is ignored, unanswered, as socket.io does without a listener
    const route = this.routes.get(event);
    if (!route) return;
    const ack = typeof args[args.length - 1] === "function" ? (args.pop() as AckFn<unknown>) : undefined;
    void this.handle(socket, event as EventName, route, args, ack);
  }

  private async handle(
    socket: EncoreSocket,
    event: EventName,
    route: Route,
    args: unknown[],
    ack: AckFn<unknown> | undefined,
  ): Promise<void> {
    try {
      const payload = this.admit(socket, event, route.options, args);
      const data = await route.handler(payload, socket.data.identity, socket);
      ack?.({ ok: true, data });
    } catch (error) {
      const body = this.refusal(socket, event, error);
      ack?.({ ok: false, error: body });
    }
  }

  private paceOf(socket: EncoreSocket, now: number): SocketPace {
    let pace = this.paces.get(socket);
    if (!pace) {
      pace = { bucket: new TokenBucket(20, 10, now), lastAccepted: new Map(), logged: new Set() };
      this.paces.set(socket, pace);
    }
    return pace;
  }

  private admit<E extends EventName>(
    socket: EncoreSocket,
    event: E,
    options: EdgeOptions,
    args: unknown[],
  ): Payload<E> {
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
    const pace = this.paceOf(socket, now);
    if (!options.ownPace && !pace.bucket.take(now)) {
      throw new EncoreError("rate_limited", "too many messages; slow down");
    }
    const last = pace.lastAccepted.get(event);
    if (options.minIntervalMs && last !== undefined && now - last < options.minIntervalMs) {
      throw new EncoreError("rate_limited", `${event} is accepted at most every ${options.minIntervalMs} ms`);
    }
    const identity = socket.data.identity;
    if (options.who !== "anyone" && !identity) throw new EncoreError("guest", "log in to do this");
    if (options.who === "host" && identity?.role !== "host") throw new EncoreError("forbidden", "hosts only");
    const parsed = ClientPayloads[event].safeParse(args[0]);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ");
      throw new EncoreError("bad_request", where);
    }
    pace.lastAccepted.set(event, now);
    return parsed.data as Payload<E>;
  }

  private refusal(socket: EncoreSocket, event: string, error: unknown): ErrorBody {
    if (error instanceof EncoreError) {
      metrics.refusals.inc({ code: error.code });
      this.logOnce(socket, event, error.code, error.message);
      return error.toBody();
    }
    this.log.error({ err: error, event, socket: socket.id }, "socket handler failed");
    return { code: "internal", message: "something went wrong on our side; try again" };
  }

  private logOnce(socket: EncoreSocket, event: string, code: ErrorCode, message: string): void {
    const key = `${event}:${code}`;
    const { logged } = this.paceOf(socket, this.clock.now());
    if (logged.has(key)) return;
    logged.add(key);
    this.log.warn({ event, code, socket: socket.id }, `refused: ${message}`);
  }
}
