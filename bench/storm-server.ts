/**
 * The server side of `npm run bench:storm`, in its own process so its CPU time and peak RSS
 * are its own. It serves one shop and one room on 127.0.0.1 and answers the load process over IPC.
 * Its first argument, when given, is the database to open (a fresh Postgres database's URL);
 * without it the server runs on a SQLite file in a temp folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";
import { type OfferView, ServerEvent } from "../protocol/index.js";
import { createApp } from "../server/app.js";
import { systemClock } from "../server/clock.js";
import { roomChannel } from "../server/realtime/types.js";
import { createRoom, createShop } from "../server/services/shops.js";
import { stormTrace } from "../server/shared/storm-trace.js";
import { openStore } from "../server/store/database.js";
import { processMemory } from "./memory.js";

export interface ServerReady {
  kind: "ready";
  url: string;
  shopId: string;
  secret: string;
  roomId: string;
}

export interface ServerUsage {
  kind: "usage";
  /** user + system CPU microseconds since the process started */
  cpuMicros: number;
  /** peak resident set, bytes (VmHWM) */
  peakRss: number;
  /** resident set now, bytes (VmRSS) */
  rss: number;
  /** after a gc request: where the resident memory is, bytes (V8's young and old generation, and outside V8's heap) */
  heap?: { newSpace: number; oldSpaces: number; external: number };
}

export interface ServerCoupons {
  kind: "coupons";
  coupons: number;
  distinctViewers: number;
  offerClaimed: number;
}

export interface ServerBroadcast {
  kind: "broadcast";
  /** sockets in the room when the event went out */
  sockets: number;
}

export type ServerRequest =
  | { kind: "usage" }
  /** one offer event to the whole room straight from the server, as the room's own broadcasts go */
  | { kind: "broadcast"; offer: OfferView }
  | { kind: "coupons"; offerId: string }
  | { kind: "profile"; on: boolean }
  /** a full garbage collection now (the process runs with --expose-gc) */
  | { kind: "gc" }
  | { kind: "stop" };

const session = new Session();
async function profile(on: boolean): Promise<void> {
  const dir = process.env.STORM_PROFILE;
  if (!dir) return;
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  if (on) {
    session.connect();
    await post("Profiler.enable");
    await post("Profiler.start");
  } else {
    const { profile: data } = (await post("Profiler.stop")) as { profile: unknown };
    writeFileSync(join(dir, `storm-${process.pid}.cpuprofile`), JSON.stringify(data));
    session.disconnect();
  }
}

/** Committed bytes of V8's young generation and of the rest of its heap, and memory outside it (buffers, native). */
function heapSpaces(): NonNullable<ServerUsage["heap"]> {
  const spaces = getHeapSpaceStatistics();
  const committed = (young: boolean) =>
    spaces
      .filter((s) => (s.space_name === "new_space" || s.space_name === "new_large_object_space") === young)
      .reduce((n, s) => n + s.physical_space_size, 0);
  return { newSpace: committed(true), oldSpaces: committed(false), external: process.memoryUsage().external };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "encore-storm-"));
  const store = await openStore(process.argv[2] ?? join(dir, "storm.db"));
  const now = Date.now();
  const shop = await createShop(store.db, { name: "Storm shop" }, now);
  const room = await createRoom(store.db, shop.id, { title: "Storm live" }, now);
  const app = await createApp({ store, clock: systemClock });
  const url = await app.listen(0, "127.0.0.1");
  const send = (message: ServerReady | ServerUsage | ServerCoupons | ServerBroadcast) => process.send?.(message);

  process.on("message", async (request: ServerRequest) => {
    if (request.kind === "usage") {
      const cpu = process.cpuUsage();
      send({
        kind: "usage",
        cpuMicros: cpu.user + cpu.system,
        peakRss: processMemory("VmHWM"),
        rss: processMemory("VmRSS"),
      });
    } else if (request.kind === "broadcast") {
      // the room's own fan-out path: a shard at a time, as every room-wide event goes
      app.fanout.emit(room.id, ServerEvent.offer, request.offer);
      send({ kind: "broadcast", sockets: app.io.sockets.adapter.rooms.get(roomChannel(room.id))?.size ?? 0 });
    } else if (request.kind === "coupons") {
      const rows = await store.db
        .selectFrom("coupons")
        .select("viewer_id")
        .where("source_ref", "=", request.offerId)
        .execute();
      const offer = await store.db
        .selectFrom("offers")
        .select("claimed")
        .where("id", "=", request.offerId)
        .executeTakeFirst();
      send({
        kind: "coupons",
        coupons: rows.length,
        distinctViewers: new Set(rows.map((r) => r.viewer_id)).size,
        offerClaimed: Number(offer?.claimed ?? -1),
      });
    } else if (request.kind === "gc") {
      (globalThis as { gc?: () => void }).gc?.();
      // STORM_HEAPSNAPSHOT=dir: what the heap holds at each measurement (before and after the crowd)
      if (process.env.STORM_HEAPSNAPSHOT)
        writeHeapSnapshot(join(process.env.STORM_HEAPSNAPSHOT, `heap-${Date.now()}.heapsnapshot`));
      send({ kind: "usage", cpuMicros: 0, peakRss: 0, rss: processMemory("VmRSS"), heap: heapSpaces() });
    } else if (request.kind === "profile") {
      // STORM_PROFILE=dir: a CPU profile of the storm alone, without the connect phase.
      await profile(request.on);
      // STORM_TRACE=1: the storm's claim batches and the waits before each claim, on stderr.
      if (request.on) stormTrace.reset();
      else if (stormTrace.enabled) console.error(stormTrace.report());
      send({ kind: "usage", cpuMicros: 0, peakRss: 0, rss: 0 });
    } else if (request.kind === "stop") {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  send({ kind: "ready", url, shopId: shop.id, secret: shop.secret, roomId: room.id });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
