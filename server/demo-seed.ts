import { signToken } from "./auth/tokens.js";
import { seedCommerceDemo } from "./demo-commerce.js";
import { createRoom, createShop, getShop } from "./services/shops.js";
import type { Store } from "./store/database.js";
import { findRoom } from "./store/shops.js";

export const DEMO_SHOP_ID = "demo-shop";
export const DEMO_ROOM_ID = "demo";

export interface DemoLinks {
  viewer: string;
  secondViewer: string;
  host: string;
  shopSecret: string;
}

/** The shop, room and signed links `npm start` prints so the product can be tried at once. */
export async function seedDemo(store: Store, baseUrl: string, now: number): Promise<DemoLinks> {
  const shop =
    (await getShop(store.db, DEMO_SHOP_ID)) ??
    (await createShop(store.db, { id: DEMO_SHOP_ID, name: "Encore Demo Shop" }, now));
  if (!(await findRoom(store.db, DEMO_ROOM_ID))) {
    await createRoom(store.db, shop.id, { id: DEMO_ROOM_ID, title: "Encore demo live" }, now);
  }
  await seedCommerceDemo(store, shop.id, now);
  const week = now + 7 * 24 * 3600 * 1000;
  const link = async (path: string, sub: string, role: "viewer" | "host", name: string) =>
    `${baseUrl}${path}?room=${DEMO_ROOM_ID}&token=${await signToken(shop.secret, { sub, shop: shop.id, role, name }, week)}`;
  return {
    viewer: await link("/", "viewer-amy", "viewer", "Amy"),
    secondViewer: await link("/", "viewer-bo", "viewer", "Bo"),
    host: await link("/host", "host-lin", "host", "Host Lin"),
    shopSecret: shop.secret,
  };
}
