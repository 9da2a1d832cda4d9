/**
 * npm run demo:crowd -- --viewers 300 --room demo [--seconds 60] [--url http://127.0.0.1:8787]
 *                        [--secret sk_…] [--shop demo-shop] [--db ./data/encore.db]
 * Fills a demo room with simulated viewers that watch, chat and answer offers with their keyword.
 */

import { CROWD_LIMITS, describeReport, runCrowd } from "../demo/crowd.js";
import { DEMO_ROOM_ID, DEMO_SHOP_ID } from "../demo/seed.js";
import { currentSigningKey } from "../server/services/signing-keys.js";
import { openStore } from "../server/store/database.js";

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  if (index >= 0) return args[index + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function whole(name: string, fallback: number, max: number): number {
  const text = flag(name);
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new Error(`--${name} must be a whole number 1–${max}`);
  return value;
}

/** The key that signs the shop's viewer tokens: from the flag, or the current one in the database `npm start` uses. */
async function secretOf(shop: string): Promise<string> {
  const given = flag("secret") ?? process.env.ENCORE_SHOP_SECRET;
  if (given) return given;
  const store = await openStore(flag("db") ?? process.env.ENCORE_DB ?? "./data/encore.db");
  try {
    const found = await currentSigningKey(store.db, shop, Date.now());
    if (!found) throw new Error(`no shop ${shop} in the database: run npm start first, or pass --secret`);
    return found.secret;
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const shop = flag("shop") ?? DEMO_SHOP_ID;
  const options = {
    url: flag("url") ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`,
    room: flag("room") ?? DEMO_ROOM_ID,
    shop,
    secret: await secretOf(shop),
    viewers: whole("viewers", CROWD_LIMITS.defaultViewers, CROWD_LIMITS.maxViewers),
    seconds: whole("seconds", CROWD_LIMITS.defaultSeconds, CROWD_LIMITS.maxSeconds),
  };
  console.log(`crowd: ${options.viewers} viewers into room ${options.room} at ${options.url} for ${options.seconds} s`);
  console.log(describeReport(await runCrowd(options)));
}

main().catch((error) => {
  console.error(`demo:crowd: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
