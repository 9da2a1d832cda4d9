import { ProductInput } from "../protocol/index.js";
import { signToken } from "../server/auth/tokens.js";
import { adminLinkUrl, createSignInLink } from "../server/services/admin-sessions.js";
import { apiKeyFor, createApiKey } from "../server/services/api-keys.js";
import { COMMAND_LINE } from "../server/services/audit.js";
import { postChange } from "../server/services/points.js";
import { productRow } from "../server/services/products.js";
import { createRoom, createShop, getShop } from "../server/services/shops.js";
import { currentSigningKey } from "../server/services/signing-keys.js";
import type { Store } from "../server/store/database.js";
import { setRoomLive } from "../server/store/offers.js";
import { insertProductIfAbsent } from "../server/store/products.js";
import { findRoom } from "../server/store/shops.js";
import { ensureViewer } from "../server/store/viewers.js";
import { catalogueInput, DEMO_PRODUCTS } from "./catalogue.js";
import { seedCommerceDemo } from "./commerce.js";

export const DEMO_SHOP_ID = "demo-shop";
export const DEMO_ROOM_ID = "demo";

/**
 * The demo's two viewers: Amy is a returning 铁粉 Silver member with points to spend (¥15 at
 * 100 points a yuan, so the journey can pay with points), Bo is new (粉丝 Fan), so a
 * Silver-only deal shows both sides of a tier gate.
 */
export const DEMO_VIEWERS = {
  amy: { id: "viewer-amy", name: "Amy", growth: 600, points: 1_500 },
  bo: { id: "viewer-bo", name: "Bo", growth: 0, points: 0 },
} as const;
export type DemoViewerKey = keyof typeof DEMO_VIEWERS;

/**
 * The demo viewers' membership history: growth and points carried over from the shop's earlier
 * programme, each posted once through the ledger like any other change (the keys make a second
 * start a replay; points have their own key, so a database seeded before they existed gets them).
 */
export async function seedDemoViewers(store: Store, shopId: string, now: number): Promise<void> {
  for (const viewer of Object.values(DEMO_VIEWERS)) {
    await store.db.transaction().execute(async (trx) => {
      await ensureViewer(trx, shopId, viewer.id, { name: viewer.name }, now);
      const carry = (change: { delta: number; growthDelta: number; ref: string; note: string }) =>
        postChange(
          trx,
          store.dialect,
          shopId,
          viewer.id,
          { ...change, reason: "adjust", idempotencyKey: `${change.ref}:${viewer.id}` },
          now,
        );
      if (viewer.growth > 0)
        await carry({
          delta: 0,
          growthDelta: viewer.growth,
          ref: "demo-history",
          note: "membership carried over from the shop's earlier programme",
        });
      if (viewer.points > 0)
        await carry({
          delta: viewer.points,
          growthDelta: 0,
          ref: "demo-points",
          note: "points carried over from the shop's earlier programme",
        });
    });
  }
}

/** The demo shop's catalogue, validated as POST /v1/products validates it; seeded once per sku. */
export async function seedDemoCatalogue(store: Store, shopId: string, now: number): Promise<void> {
  for (const [index, product] of DEMO_PRODUCTS.entries()) {
    // a millisecond apart, so the shelf keeps the catalogue's order (it lists by when products were added)
    const row = productRow(shopId, ProductInput.parse(catalogueInput(product)), now + index);
    await insertProductIfAbsent(store.db, row);
  }
}

export interface DemoLinks {
  viewer: string;
  secondViewer: string;
  host: string;
  /** a one-time back-office sign-in for the demo shop, valid 10 minutes (encore-server admin-link prints more) */
  admin: string;
  /** the key the demo shop's viewer tokens are signed with (the secret it was made with, until rotated) */
  shopSecret: string;
  /** an API key of the demo shop that works: the secret it was made with while it does, else a new one */
  apiKey: string;
  /** the demo shop's current signing key and its kid: what its backend signs tokens with */
  signingKey: { secret: string; kid: string };
}

/**
 * The demo backend's API key. API keys are stored hashed, so on a later start the demo can only
 * reuse the secret it knows (the signing key, which was also the first API key) while that is
 * still a live key; once someone revoked or rotated it in the back office, it makes a new one.
 */
async function demoApiKey(store: Store, shopId: string, known: string, now: number): Promise<string> {
  if ((await apiKeyFor(store.db, known, now))?.shop_id === shopId) return known;
  const clock = { now: () => now };
  return (await createApiKey({ store, clock }, shopId, { name: "demo backend" }, COMMAND_LINE)).secret;
}

/** The shop, room and signed links `npm start` prints so the product can be tried at once. */
export async function seedDemo(store: Store, baseUrl: string, now: number): Promise<DemoLinks> {
  const existing = await getShop(store.db, DEMO_SHOP_ID);
  const made = existing ? undefined : await createShop(store.db, { id: DEMO_SHOP_ID, name: "Encore Demo Shop" }, now);
  const shop = existing ?? (made as NonNullable<typeof made>);
  // the demo shop's backend signs with the shop's current key (the secret it was made with, until
  // someone rotates it in the back office), naming it by kid
  const signing = await currentSigningKey(store.db, shop.id, now);
  if (!signing) throw new Error(`the demo shop ${shop.id} has no signing key`);
  if (!(await findRoom(store.db, DEMO_ROOM_ID))) {
    await createRoom(store.db, shop.id, { id: DEMO_ROOM_ID, title: "Sunset Studio live" }, now);
    // on air from the first start, so the demo room shows a live stream rather than "the live has ended"
    await store.db.transaction().execute((trx) => setRoomLive(trx, DEMO_ROOM_ID, true, now));
  }
  await seedCommerceDemo(store, shop.id, now);
  await seedDemoViewers(store, shop.id, now);
  await seedDemoCatalogue(store, shop.id, now);
  const week = now + 7 * 24 * 3600 * 1000;
  const link = async (path: string, sub: string, role: "viewer" | "host", name: string) =>
    `${baseUrl}${path}?room=${DEMO_ROOM_ID}&token=${await signToken(signing.secret, { sub, shop: shop.id, role, name }, week, signing.kid)}`;
  return {
    viewer: await link("/", DEMO_VIEWERS.amy.id, "viewer", DEMO_VIEWERS.amy.name),
    secondViewer: await link("/", DEMO_VIEWERS.bo.id, "viewer", DEMO_VIEWERS.bo.name),
    host: await link("/host", "host-lin", "host", "Host Lin"),
    admin: adminLinkUrl(
      baseUrl,
      (await createSignInLink({ store, clock: { now: () => now } }, shop.id, { name: "Demo owner" })).secret,
    ),
    shopSecret: made?.secret ?? signing.secret,
    apiKey: await demoApiKey(store, shop.id, made?.secret ?? signing.secret, now),
    signingKey: { secret: signing.secret, kid: signing.kid },
  };
}
