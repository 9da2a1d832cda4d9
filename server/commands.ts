import { createReadStream } from "node:fs";
import pino from "pino";
import { type AppOptions, createApp } from "./app.js";
import { type Command, parseCommand, type ServeOptions, USAGE } from "./cli.js";
import { systemClock } from "./clock.js";
import { progressPrinter } from "./ops/progress.js";
import { CHECK_NAMES, verifyStore } from "./ops/verify.js";
import { readDrawRecord, verifyDrawRecord } from "./ops/verify-draw.js";
import { adminLinkUrl, createSignInLink } from "./services/admin-sessions.js";
import { SILENT_NOTIFIER } from "./services/context.js";
import { importOrders } from "./services/import/orders.js";
import type { ImportProgress } from "./services/import/report.js";
import { importViewers } from "./services/import/viewers.js";
import { createShop, getShop } from "./services/shops.js";
import { openStore, type Store } from "./store/database.js";

/** Never print a database password. */
const describeStore = (db: string) => db.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");

/**
 * What a wrapper adds to a served app (the demo: its shop backend, its seed and links); the plain
 * `encore-server` adds nothing, so the server itself never knows about a demo.
 */
export interface ServeExtras {
  routes?: (options: ServeOptions) => AppOptions["routes"];
  /** after the app listens: `url` is where it really is (`--port 0` picks a free port) */
  started?: (url: string, store: Store, options: ServeOptions) => Promise<void>;
}

/** Runs one command line of `encore-server`: help, shop create, verify, or serve until SIGINT/SIGTERM. */
export async function runCommand(args: string[], env: NodeJS.ProcessEnv, extras: ServeExtras = {}): Promise<void> {
  const command = parseCommand(args, env);
  if (command.kind === "help") {
    console.log(USAGE);
    return;
  }
  if (command.kind === "shop-create") {
    const store = await openStore(command.db);
    const shop = await createShop(store.db, { name: command.name }, Date.now());
    await store.close();
    console.log(`shop id:     ${shop.id}\nshop secret: ${shop.secret}`);
    return;
  }
  if (command.kind === "admin-link") {
    const store = await openStore(command.db);
    try {
      const link = await createSignInLink({ store, clock: systemClock }, command.shop, { name: command.name });
      console.log(
        `back office sign-in link (one use, until ${new Date(link.expiresAt).toISOString()}):\n${adminLinkUrl(command.baseUrl, link.secret)}`,
      );
    } finally {
      await store.close();
    }
    return;
  }
  if (command.kind === "verify") {
    const store = await openStore(command.db);
    const violations = await verifyStore(store);
    await store.close();
    for (const name of CHECK_NAMES) {
      const broken = violations.find((v) => v.check === name);
      console.log(`${broken ? "FAIL" : "ok  "}  ${name}`);
      for (const row of broken?.rows.slice(0, 50) ?? []) console.log(`      ${JSON.stringify(row)}`);
    }
    process.exitCode = violations.length > 0 ? 1 : 0;
    return;
  }
  if (command.kind === "verify-draw") {
    const verdict = verifyDrawRecord(await readDrawRecord(command.source));
    console.log(verdict.sentence);
    process.exitCode = verdict.ok ? 0 : 1;
    return;
  }
  if (command.kind === "import") {
    await runImport(command);
    return;
  }
  await serve(command.options, extras);
}

/** An import from a file (or standard input): progress on stderr, the report as the last line of stdout. */
async function runImport(command: Extract<Command, { kind: "import" }>): Promise<void> {
  const store = await openStore(command.db);
  try {
    const shop = await getShop(store.db, command.shop);
    if (!shop) throw new Error(`no shop ${command.shop}`);
    // an import tells no viewer anything: no socket hears of history
    const ctx = { store, clock: systemClock, log: pino({ level: "silent" }), notifier: SILENT_NOTIFIER };
    const input = command.file === "-" ? process.stdin : createReadStream(command.file);
    const progress = progressPrinter(process.stderr);
    let latest: ImportProgress | null = null;
    const onProgress = (p: ImportProgress) => {
      latest = p;
      progress.update(p);
    };
    const run = command.what === "orders" ? importOrders : importViewers;
    const report = await run(ctx, shop, input, command.format, { onProgress });
    progress.done(latest);
    console.log(JSON.stringify(report));
  } finally {
    await store.close();
  }
}

async function serve(options: ServeOptions, extras: ServeExtras): Promise<void> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });
  const store = await openStore(options.db);
  const routes = extras.routes?.(options);
  const app = await createApp({
    store,
    clock: systemClock,
    logger,
    redisUrl: options.redis,
    privateWebhooks: options.privateWebhooks,
    sweepEveryMs: options.sweepEveryMs,
    sweepLeaseMs: options.sweepLeaseMs,
    ...(options.sweepIn ? { sweepInThread: options.sweepIn === "thread" } : {}),
    ...(options.agora ? { agora: options.agora } : {}),
    ...(routes ? { routes } : {}),
  });
  const url = await app.listen(options.port, options.host);
  console.log(
    `Encore is listening on ${url}  (store: ${describeStore(options.db)}${options.redis ? ", rooms shared through Redis" : ""})`,
  );
  await extras.started?.(url, store, options);
  const stop = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
