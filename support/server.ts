import { io, type Socket } from "socket.io-client";
import { seedCommerceDemo } from "../demo/commerce.js";
import { seedDemoCatalogue, seedDemoViewers } from "../demo/seed.js";
import { registerDemoBackend } from "../demo/shop-backend.js";
import { currentKeyOf } from "../demo/signing-key.js";
import type { AckFn, ClientToServerEvents, ServerToClientEvents, Snapshot, TokenClaims } from "../protocol/index.js";
import { type App, createApp } from "../server/app.js";
import { signToken } from "../server/auth/tokens.js";
import { type CreatedShop, createRoom, createShop, requireShop } from "../server/services/shops.js";
import type { Store } from "../server/store/database.js";
import type { AgoraConfig } from "../server/video/rtc-token.js";
import { ManualClock } from "./clock.js";
import { createTestStore } from "./store.js";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  url: string;
  app: App;
  store: Store;
  clock: ManualClock;
  /** the test shop, with the secret it was made with (its first API key and signing key) */
  shop: CreatedShop;
  roomId: string;
  /** the SQLite file or Postgres URL the server runs on */
  dbUrl: string;
  token(sub: string, extra?: Partial<TokenClaims>, secret?: string): Promise<string>;
  connect(
    auth: { room?: string; token?: string; ref?: string },
    beforeConnect?: (socket: TestSocket) => void,
  ): Promise<TestSocket>;
  /** stops the app as SIGTERM does (sockets dropped, port closed) and closes the store; the database stays */
  stop(): Promise<void>;
  /** after stop(): a new app on the same port and the same database, as a restart or a deploy brings; `app` and `store` are the new ones */
  restart(): Promise<void>;
  close(): Promise<void>;
  /** removes the database only, for a test that already stopped the app and store itself */
  dispose(): Promise<void>;
}

export interface ServerOptions {
  /** seed the test shop as `npm start` seeds the demo shop, and mount the demo shop's backend */
  demo?: boolean;
  /** an Agora project for the rtc-token route */
  agora?: AgoraConfig;
  /** allow webhook URLs on this machine (default true: the tests' receivers listen on 127.0.0.1) */
  privateWebhooks?: boolean;
  /** serve the widget's files from here instead of the build in dist/widget */
  widgetDir?: string;
  /** run `app.lifecycle.sweepAll()` in the sweep thread, as a server sweeping on its own does */
  sweepInThread?: boolean;
}

/** A real server on port 0 over a real database (see store.ts), with a clock the test drives. */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const testStore = await createTestStore();
  const { store } = testStore;
  const clock = new ManualClock();
  let shop = await createShop(store.db, { name: "Test Shop" }, clock.now());
  const room = await createRoom(store.db, shop.id, { title: "Test live" }, clock.now());
  if (options.demo) {
    await seedCommerceDemo(store, shop.id, clock.now());
    await seedDemoViewers(store, shop.id, clock.now());
    await seedDemoCatalogue(store, shop.id, clock.now());
    shop = { ...(await requireShop(store.db, shop.id)), secret: shop.secret };
  }
  // Webhooks are delivered when a test calls app.webhooks.deliverDue(), so what is pending is under its control.
  const boot = (on: Store) =>
    createApp({
      store: on,
      clock,
      webhookPollMs: 0,
      // sweeps run when a test calls app.lifecycle.sweepAll() at the time it set
      sweepEveryMs: 0,
      ...(options.sweepInThread ? { sweepInThread: true } : {}),
      privateWebhooks: options.privateWebhooks ?? true,
      ...(options.agora ? { agora: options.agora } : {}),
      ...(options.widgetDir ? { widgetDir: options.widgetDir } : {}),
      ...(options.demo
        ? {
            routes: (http, ctx) =>
              registerDemoBackend(http, ctx, {
                shopId: shop.id,
                roomId: room.id,
                apiKey: () => shop.secret,
                signingKey: currentKeyOf(ctx, shop.id),
                video: options.agora ? "agora" : "none",
              }),
          }
        : {}),
    });
  const app = await boot(store);
  const url = await app.listen(0);
  const port = Number(new URL(url).port);
  const sockets: TestSocket[] = [];
  let running = true;
  const server: TestServer = {
    url,
    app,
    store,
    clock,
    shop,
    roomId: room.id,
    dbUrl: testStore.url,
    token: (sub, extra = {}, secret = shop.secret) =>
      signToken(
        secret,
        { sub, shop: shop.id, role: "viewer", ...extra },
        extra.exp ? extra.exp * 1000 : clock.now() + 3600_000,
      ),
    connect: (auth, beforeConnect) => {
      const socket: TestSocket = io(url, {
        auth: { room: room.id, ...auth },
        transports: ["websocket"],
        forceNew: true,
        reconnection: false,
      });
      sockets.push(socket);
      beforeConnect?.(socket);
      return new Promise((resolve, reject) => {
        socket.once("connect", () => resolve(socket));
        socket.once("connect_error", reject);
      });
    },
    async stop() {
      running = false;
      await server.app.close();
      await server.store.close();
    },
    async restart() {
      server.store = await testStore.reopen();
      server.app = await boot(server.store);
      await server.app.listen(port);
      running = true;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      if (running) await server.stop();
      await testStore.dispose();
    },
    dispose: () => testStore.dispose(),
  };
  return server;
}

/** Sends one event and waits for its ack. */
export function call<E extends keyof ClientToServerEvents>(
  socket: TestSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return new Promise((resolve) => {
    const ack = ((result: unknown) => resolve(result as never)) as AckFn<unknown>;
    (socket.emit as (...args: unknown[]) => void)(event, payload, ack);
  });
}

/** Resolves with the next event of that name. */
export function next<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  timeoutMs = 2000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${String(event)} within ${timeoutMs} ms`)), timeoutMs);
    (socket.once as (e: string, l: (arg: unknown) => void) => void)(event as string, (arg) => {
      clearTimeout(timer);
      resolve(arg as never);
    });
  });
}

/** Connects and waits for the snapshot the server sends on join; rejects with the refusal if refused. */
export async function joinRoom(
  server: TestServer,
  token?: string,
): Promise<{ socket: TestSocket; snapshot: Snapshot }> {
  let snapshot: Promise<Snapshot> | undefined;
  const socket = await server.connect(token ? { token } : {}, (s) => {
    // listen before the handshake completes: the snapshot may arrive in the same tick as "connect"
    snapshot = next(s, "snapshot", 3000);
  });
  return { socket, snapshot: await (snapshot as Promise<Snapshot>) };
}

/** The code a refused handshake carried. */
export async function refusedWith(server: TestServer, auth: { room?: string; token?: string }): Promise<string> {
  try {
    const socket = await server.connect(auth);
    socket.disconnect();
    return "connected";
  } catch (error) {
    return (error as { data?: { code?: string } }).data?.code ?? `no code: ${String(error)}`;
  }
}
