import type { ImportMediaType } from "../protocol/index.js";
import { type AgoraConfig, agoraFromEnv } from "./video/rtc-token.js";

/** Command-line arguments, read once and coerced here; nothing deeper reads argv or env. */
export interface ServeOptions {
  port: number;
  host: string;
  db: string;
  redis: string | undefined;
  /** live video through Agora, from AGORA_APP_ID and AGORA_APP_CERTIFICATE */
  agora: AgoraConfig | undefined;
  /** webhook receivers on this machine or a private network are allowed (development) */
  privateWebhooks: boolean;
  /** minutes between sweeps of the automations between lives (one also runs at start); 0: none */
  sweepEveryMs: number;
  /** seconds a node holds a shop's sweep unrenewed: how soon another takes over after a crash */
  sweepLeaseMs: number;
  /** where sweeps run: a worker thread or the event loop; unset, the store's default (sweepsInThread) */
  sweepIn: "thread" | "loop" | undefined;
}

export type Command =
  | { kind: "serve"; options: ServeOptions }
  | { kind: "shop-create"; db: string; name: string }
  | { kind: "admin-link"; db: string; shop: string; name: string | undefined; baseUrl: string }
  | { kind: "verify"; db: string }
  | { kind: "verify-draw"; source: string }
  | { kind: "import"; db: string; what: "orders" | "viewers"; file: string; shop: string; format: ImportMediaType }
  | { kind: "help" };

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index >= 0) return args[index + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

export function parseCommand(args: string[], env: NodeJS.ProcessEnv): Command {
  const db = flag(args, "db") ?? env.ENCORE_DB ?? "./data/encore.db";
  if (args.includes("--help") || args.includes("-h")) return { kind: "help" };
  if (args[0] === "shop" && args[1] === "create") {
    const name = flag(args, "name");
    if (!name) throw new Error("shop create needs --name");
    return { kind: "shop-create", db, name };
  }
  if (args[0] === "verify") return { kind: "verify", db };
  if (args[0] === "verify-draw") {
    const source = args[1];
    if (!source) throw new Error("verify-draw needs a URL (…/v1/offers/ID/draw) or a file saved from one");
    return { kind: "verify-draw", source };
  }
  if (args[0] === "import") return parseImport(args, db);
  const portText = flag(args, "port") ?? env.PORT ?? "8787";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad port: ${portText}`);
  if (args[0] === "admin-link") {
    const shop = flag(args, "shop");
    if (!shop) throw new Error("admin-link needs --shop ID");
    const baseUrl =
      flag(args, "url") ?? env.ENCORE_PUBLIC_URL ?? `http://${flag(args, "host") ?? env.HOST ?? "127.0.0.1"}:${port}`;
    if (!/^https?:\/\/[^/\s]+$/.test(baseUrl.replace(/\/$/, ""))) throw new Error(`bad --url: ${baseUrl}`);
    return { kind: "admin-link", db, shop, name: flag(args, "name"), baseUrl: baseUrl.replace(/\/$/, "") };
  }
  const sweepText = flag(args, "sweep-every") ?? env.ENCORE_SWEEP_EVERY ?? "15";
  const sweepMinutes = Number(sweepText);
  if (!Number.isFinite(sweepMinutes) || sweepMinutes < 0) throw new Error(`bad --sweep-every: ${sweepText}`);
  const leaseText = flag(args, "sweep-lease") ?? env.ENCORE_SWEEP_LEASE ?? "120";
  const leaseSeconds = Number(leaseText);
  if (!Number.isFinite(leaseSeconds) || leaseSeconds < 1) throw new Error(`bad --sweep-lease: ${leaseText}`);
  const sweepIn = flag(args, "sweep-in") ?? env.ENCORE_SWEEP_IN;
  if (sweepIn !== undefined && sweepIn !== "thread" && sweepIn !== "loop")
    throw new Error(`bad --sweep-in: ${sweepIn} (thread or loop)`);
  // the thread reads on a connection of its own, which an in-memory database cannot give it
  if (sweepIn === "thread" && db === ":memory:") throw new Error("--sweep-in thread needs a database file or Postgres");
  return {
    kind: "serve",
    options: {
      port,
      host: flag(args, "host") ?? env.HOST ?? "127.0.0.1",
      db,
      redis: flag(args, "redis") ?? env.ENCORE_REDIS,
      agora: agoraFromEnv(env),
      privateWebhooks: args.includes("--private-webhooks") || env.ENCORE_PRIVATE_WEBHOOKS === "1",
      sweepEveryMs: Math.round(sweepMinutes * 60_000),
      sweepLeaseMs: Math.round(leaseSeconds * 1000),
      sweepIn,
    },
  };
}

/** `import orders|viewers FILE --shop ID [--format csv|ndjson]`; the format follows the file's extension. */
function parseImport(args: string[], db: string): Command {
  const what = args[1];
  if (what !== "orders" && what !== "viewers")
    throw new Error("import takes orders or viewers: import orders FILE --shop ID");
  const file = args[2];
  if (!file || file.startsWith("--")) throw new Error(`import ${what} needs a FILE (or - for standard input)`);
  const shop = flag(args, "shop");
  if (!shop) throw new Error(`import ${what} needs --shop ID`);
  const named = flag(args, "format") ?? (/\.csv$/i.test(file) ? "csv" : "ndjson");
  if (named !== "csv" && named !== "ndjson") throw new Error(`bad --format: ${named} (csv or ndjson)`);
  return { kind: "import", db, what, file, shop, format: named === "csv" ? "text/csv" : "application/x-ndjson" };
}

export const USAGE = `encore-server — the Encore points API, realtime server and widget host

  encore-server [--port 8787] [--host 127.0.0.1] [--db ./data/encore.db] [--redis redis://…]
                [--private-webhooks]   allow webhook URLs on this machine or a private network (development)
                [--sweep-every 15]     minutes between sweeps of the automations between lives (0: none)
                [--sweep-lease 120]    seconds a node holds a shop's sweep: another takes over after a crash
                [--sweep-in thread|loop]  where sweeps run (default: a thread, but the loop for :memory:)
  encore-server shop create --name "My Shop" [--db ...]
  encore-server verify [--db ...]     check the ledger and coupon invariants; exit 1 listing offending rows
  encore-server verify-draw URL|FILE   check a lucky bag's draw record (GET /v1/offers/:id/draw): seed against its
                                      commitment, entries against their hash, winners drawn again; exit 1 if not
  encore-server import orders FILE --shop ID [--format csv|ndjson] [--db ...]
                                      credit past orders by the rules at their dates (no coupons, no webhooks);
                                      orders already credited are skipped; prints a JSON report at the end
  encore-server import viewers FILE --shop ID [--format csv|ndjson] [--db ...]
                                      bring members over: points, growth and starting tier, once per viewer
  encore-server admin-link --shop ID [--name "Mia"] [--url https://encore.example] [--db ...]
                                      print a one-time back-office sign-in link, valid 10 minutes

Environment: PORT, HOST, ENCORE_DB (a SQLite file path, or a postgres:// URL), ENCORE_REDIS,
ENCORE_PUBLIC_URL (where browsers reach this server, for admin-link; else http://HOST:PORT),
ENCORE_PRIVATE_WEBHOOKS=1 (as --private-webhooks), ENCORE_SWEEP_EVERY, ENCORE_SWEEP_LEASE, ENCORE_SWEEP_IN, AGORA_APP_ID and
AGORA_APP_CERTIFICATE (live video; both or neither).`;
