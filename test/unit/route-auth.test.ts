import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { route } from "../../server/http/route.js";
import type { Shop } from "../../server/services/shops.js";

const aShop = { id: "shop_1" } as Shop;

describe("route auth kinds", () => {
  it("gives a shop route its shop, and a route without shop auth no shop at all", async () => {
    const app = Fastify();
    const seen: Record<string, unknown> = {};
    route(app, async () => aShop, {
      method: "GET",
      url: "/shop-only",
      summary: "",
      tags: [],
      auth: "shop",
      handler: async ({ shop }) => {
        seen.shop = shop.id;
        return {};
      },
    });
    route(app, async () => aShop, {
      method: "GET",
      url: "/open",
      summary: "",
      tags: [],
      auth: "none",
      handler: async (input) => {
        // @ts-expect-error a route without shop auth has no shop to read
        seen.openShop = input.shop;
        seen.openHasShop = "shop" in input;
        return {};
      },
    });
    await app.inject({ method: "GET", url: "/shop-only" });
    await app.inject({ method: "GET", url: "/open" });
    await app.close();
    expect(seen).toEqual({ shop: "shop_1", openShop: undefined, openHasShop: false });
  });
});
