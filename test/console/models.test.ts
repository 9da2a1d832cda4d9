import { describe, expect, it } from "vitest";
import { createCommentsModel } from "../../console/models/comments.js";
import { createLinkModel } from "../../console/models/link.js";
import { createLiveModel } from "../../console/models/live.js";
import { createOfferModel } from "../../console/models/offer.js";
import { createProductsModel } from "../../console/models/products.js";
import { createServerTime } from "../../console/models/server-time.js";
import { createStatsModel } from "../../console/models/stats.js";
import { createTemplatesModel } from "../../console/models/templates.js";
import { HostEvent, HostPush, ServerEvent } from "../../protocol/events.js";
import { FakeTransport } from "../helpers/fake-transport.js";
import { NOW, offerView, snapshotFor, stats, template } from "./builders.js";

/** Each concern's model stands on a transport of its own: built alone, it hears its events and lets go of them. */
describe("one model per concern", () => {
  it("the link model says who the server let in, and a forbidden action closes the console", async () => {
    const transport = new FakeTransport().refuse(HostEvent.live, "forbidden");
    const link = createLinkModel(transport, { hasToken: true });
    transport.push(ServerEvent.snapshot, snapshotFor("host"));
    expect(link.access.value).toEqual({ kind: "ready" });
    await link.requests.run("live", HostEvent.live, { live: true });
    expect(link.access.value).toEqual({ kind: "not_host" });
    link.dispose();
    expect(transport.listenerCount()).toBe(0);
  });

  it("the live model follows the room from the snapshot, then from pushes", () => {
    const transport = new FakeTransport();
    const link = createLinkModel(transport, { hasToken: true });
    const live = createLiveModel(transport, { snapshot: link.snapshot, run: link.requests.run });
    transport.push(ServerEvent.snapshot, snapshotFor("host"));
    expect(live.room.value?.live).toBe(false);
    transport.push(ServerEvent.room, { id: "room-1", title: "Autumn knitwear live", live: true, minTier: null });
    expect(live.room.value?.live).toBe(true);
    live.dispose();
    link.dispose();
    expect(transport.listenerCount()).toBe(0);
  });

  it("the offer model moves its stock, and the server clock runs on from the snapshot's time", () => {
    const transport = new FakeTransport();
    let now = NOW;
    const time = createServerTime(transport, () => now);
    const link = createLinkModel(transport, { hasToken: true });
    const offer = createOfferModel(transport, { run: link.requests.run, time });
    transport.push(ServerEvent.snapshot, snapshotFor("host", { offer: offerView(), serverTime: NOW + 500 }));
    transport.push(ServerEvent.offerStock, { offerId: "offer-1", remaining: 7, claimed: 93 });
    expect(offer.offer.value?.remaining).toBe(7);
    now += 2000;
    time.tick();
    expect(time.now.value).toBe(NOW + 2500);
    for (const model of [offer, time, link]) model.dispose();
    expect(transport.listenerCount()).toBe(0);
  });

  it("the stats, products, templates and comments models each hear only their own events", () => {
    const transport = new FakeTransport();
    const link = createLinkModel(transport, { hasToken: true });
    const { run } = link.requests;
    const time = createServerTime(transport, () => NOW);
    const models = {
      stats: createStatsModel(transport, { run, time }),
      products: createProductsModel(transport, { run, server: "https://encore.example" }),
      templates: createTemplatesModel(transport, { run }),
      comments: createCommentsModel(transport, { run }),
    };
    transport.push(HostPush.stats, stats({ viewers: 12 }));
    transport.push(HostPush.templates, { templates: [template()] });
    transport.push(HostPush.comments, {
      comments: [{ id: "c1", viewerId: "v1", name: "Mei", text: "1", at: NOW }],
    });
    expect(models.stats.stats.value?.viewers).toBe(12);
    expect(models.stats.history.value).toHaveLength(1);
    expect(models.templates.templates.value.map((t) => t.id)).toEqual(["tpl-20off"]);
    expect(models.comments.comments.value.map((c) => c.id)).toEqual(["c1"]);
    expect(models.products.product.value).toBe(null);
    for (const model of [...Object.values(models), time, link]) model.dispose();
    expect(transport.listenerCount()).toBe(0);
  });
});
