import { io, type Socket } from "socket.io-client";
import {
  type Ack,
  ClientEvent,
  type ClientToServerEvents,
  type CommentResult,
  type OfferView,
  ServerEvent,
  type ServerToClientEvents,
} from "../protocol/index.js";
import { signToken } from "../server/auth/tokens.js";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export const CROWD_LIMITS = { maxViewers: 2000, maxSeconds: 600, defaultViewers: 300, defaultSeconds: 60 } as const;

export interface CrowdOptions {
  url: string;
  room: string;
  shop: string;
  secret: string;
  viewers: number;
  seconds: number;
  /** milliseconds between one viewer's chat lines, on average; 0 keeps the crowd silent but for keywords */
  chatEveryMs?: number;
  /** how many viewers connect at the same time */
  concurrency?: number;
  /** the clock tokens expire by: the server's */
  now?: () => number;
}

export interface CrowdReport {
  connected: number;
  failed: number;
  beats: number;
  comments: number;
  offersSeen: number;
  claims: { won: number; entered: number; refused: Record<string, number> };
  seconds: number;
}

const NAMES = ["Mia", "Leo", "Yu", "Chen", "Ava", "Kai", "Lin", "Zoe", "Hao", "Ivy", "Max", "Rui", "Nora", "Jun"];
const LINES = [
  "hello from Hangzhou!",
  "what size is the model wearing?",
  "does the serum suit dry skin?",
  "好看!",
  "链接在哪里",
  "can you show the back?",
  "just joined, what did I miss",
  "love this colour",
  "主播好",
  "is there a bundle deal?",
  "how long does shipping take",
  "❤️❤️❤️",
];
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** Only this machine's own server: the simulator is for seeing a busy demo room, not for load on others. */
export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
  } catch {
    return false;
  }
}

/**
 * Simulated viewers for a demo room: each connects with its own signed token, beats like a
 * playing widget, chats now and then, and answers every live offer with its keyword. Stops by
 * itself after `seconds` and says what it did.
 */
export async function runCrowd(options: CrowdOptions): Promise<CrowdReport> {
  if (!isLoopback(options.url)) throw new Error(`the crowd only visits a server on this machine, not ${options.url}`);
  const viewers = Math.max(1, Math.min(CROWD_LIMITS.maxViewers, Math.floor(options.viewers)));
  const seconds = Math.max(1, Math.min(CROWD_LIMITS.maxSeconds, options.seconds));
  const chatEveryMs = options.chatEveryMs ?? 20_000;
  const now = options.now ?? Date.now;
  const startedAt = Date.now();
  const stopAt = startedAt + seconds * 1000;
  const report: CrowdReport = {
    connected: 0,
    failed: 0,
    beats: 0,
    comments: 0,
    offersSeen: 0,
    claims: { won: 0, entered: 0, refused: {} },
    seconds,
  };
  const clients: Client[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, fn: () => void) => {
    if (Date.now() + ms >= stopAt) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const answered = new Set<string>();
  const seenOffers = new Set<string>();

  let inflight = 0;
  const emit = <R>(socket: Client, event: string, payload: unknown, onAck: (ack: Ack<R>) => void) => {
    inflight++;
    (socket.emit as unknown as (...a: unknown[]) => void)(event, payload, (ack: Ack<R>) => {
      inflight--;
      onAck(ack);
    });
  };

  const claim = (socket: Client, index: number, offer: OfferView | null) => {
    if (!offer || offer.status !== "live") return;
    seenOffers.add(offer.id);
    report.offersSeen = seenOffers.size;
    const key = `${offer.id}:${index}`;
    if (answered.has(key)) return;
    answered.add(key);
    // people read the banner before they type: a spread of a few seconds
    later(200 + Math.random() * 2800, () =>
      emit<CommentResult>(socket, ClientEvent.comment, { text: offer.keyword }, (ack) => {
        const outcome = ack.ok ? ack.data.claim : null;
        if (outcome?.result === "won") report.claims.won++;
        else if (outcome?.result === "entered") report.claims.entered++;
        else {
          const reason = !ack.ok ? ack.error.code : outcome?.result === "refused" ? outcome.reason : "none";
          report.claims.refused[reason] = (report.claims.refused[reason] ?? 0) + 1;
        }
      }),
    );
  };

  const beat = (socket: Client) => {
    emit(socket, ClientEvent.beat, { playing: true, visible: true }, (ack: Ack<unknown>) => {
      if (ack.ok) report.beats++;
    });
    later(30_000, () => beat(socket));
  };

  const chat = (socket: Client) => {
    if (chatEveryMs <= 0) return;
    later(Math.random() * chatEveryMs * 2, () => {
      emit(socket, ClientEvent.comment, { text: pick(LINES) }, (ack: Ack<unknown>) => {
        if (ack.ok) report.comments++;
      });
      chat(socket);
    });
  };

  const join = async (index: number, secret: string) => {
    const token = await signToken(
      secret,
      { sub: `crowd-${index}`, shop: options.shop, role: "viewer", name: `${pick(NAMES)} ${index}` },
      now() + (seconds + 600) * 1000,
    );
    const socket: Client = io(options.url, {
      auth: { room: options.room, token },
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      timeout: 20_000,
    });
    socket.on(ServerEvent.snapshot, (snapshot) => claim(socket, index, snapshot.offer));
    socket.on(ServerEvent.offer, (offer) => claim(socket, index, offer));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", (error) => {
        socket.disconnect();
        reject(error);
      });
    });
    clients.push(socket);
    // spread the first beats over the first half minute, as real viewers arrive at different times
    later(Math.random() * 30_000, () => beat(socket));
    chat(socket);
  };

  let next = 0;
  const worker = async () => {
    while (next < viewers && Date.now() < stopAt) {
      const index = ++next;
      try {
        await join(index, options.secret);
        report.connected++;
      } catch {
        report.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(viewers, options.concurrency ?? 20) }, worker));
  await new Promise((done) => setTimeout(done, Math.max(0, stopAt - Date.now())));
  for (const timer of timers) clearTimeout(timer);
  // what was said is counted once the server has answered it, for at most two more seconds
  const settleBy = Date.now() + 2000;
  while (inflight > 0 && Date.now() < settleBy) await new Promise((done) => setTimeout(done, 20));
  for (const socket of clients) socket.disconnect();
  return report;
}

export function describeReport(report: CrowdReport): string {
  const refused = Object.entries(report.claims.refused)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(", ");
  return [
    `crowd: ${report.connected} viewers connected (${report.failed} failed) for ${report.seconds} s`,
    `  watch beats answered: ${report.beats}`,
    `  comments posted:      ${report.comments}`,
    `  offers seen:          ${report.offersSeen}`,
    `  claims won:           ${report.claims.won}${report.claims.entered ? `, entered in draws: ${report.claims.entered}` : ""}`,
    `  claims refused:       ${refused || "none"}`,
  ].join("\n");
}
