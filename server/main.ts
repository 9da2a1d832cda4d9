#!/usr/bin/env node
import pino from "pino";
import { registerDemoBackend } from "../demo/shop-backend.js";
import { createApp } from "./app.js";
import { parseCommand, USAGE } from "./cli.js";
import { systemClock } from "./clock.js";
import { DEMO_ROOM_ID, DEMO_SHOP_ID, seedDemo } from "./demo-seed.js";
import { CHECK_NAMES, verifyStore } from "./ops/verify.js";
import { createShop } from "./services/shops.js";
import { openStore } from "./store/database.js";

/** Never print a database password. */
const describeStore = (db: string) => db.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");

async function main(): Promise<void> {
  const command = parseCommand(process.argv.slice(2), process.env);
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
  const { options } = command;
  const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });
  const store = await openStore(options.db);
  const app = await createApp({
    store,
    clock: systemClock,
    logger,
    redisUrl: options.redis,
    privateWebhooks: options.privateWebhooks,
    ...(options.agora ? { agora: options.agora } : {}),
    ...(options.seedDemo
      ? {
          routes: (http, ctx) =>
            registerDemoBackend(http, ctx, {
              shopId: DEMO_SHOP_ID,
              roomId: DEMO_ROOM_ID,
              video: options.agora ? "agora" : "none",
            }),
        }
      : {}),
  });
  const url = await app.listen(options.port, options.host);
  console.log(
    `Encore is listening on ${url}  (store: ${describeStore(options.db)}${options.redis ? ", rooms shared through Redis" : ""})`,
  );
  if (options.seedDemo) {
    const links = await seedDemo(store, url, Date.now());
    console.log(
      `\n  viewer page:  ${links.viewer}\n  2nd viewer:   ${links.secondViewer}\n  host console: ${links.host}`,
    );
    console.log(`  API docs:     ${url}/docs\n  demo shop secret: ${links.shopSecret}`);
    // the port it really listens on (--port 0 picks a free one), and the secret, so the crowd
    // needs neither the default port nor this server's database
    console.log(
      `  busy room:    npm run demo:crowd -- --viewers 300 --room ${DEMO_ROOM_ID} --url ${url} --secret ${links.shopSecret}\n`,
    );
  }
  const stop = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error) => {
  console.error(`encore-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
