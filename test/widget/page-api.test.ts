// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { ClientEvent, ServerEvent } from "../../protocol/events.js";
import type { Product } from "../../protocol/products.js";
import { createEmitter } from "../../widget/core/emitter.js";
import { storage } from "../../widget/core/storage.js";
import { messagesFor, pickLocale } from "../../widget/i18n/index.js";
import { createEncoreApi, replayQueue } from "../../widget/page-api.js";
import { FakeTransport } from "../helpers/fake-transport.js";
import { product, snapshot } from "./builders.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("window.Encore", () => {
  it("replays the queue stub's calls in order: listeners, then mount, then a click", () => {
    const fake = new FakeTransport({ unanswered: "timeout" });
    const api = createEncoreApi({ transport: fake });
    const heard: string[] = [];
    const queue = [
      ["on", "login-request", (e: { reason: string }) => heard.push(e.reason)],
      ["mount", { room: "room_1", locale: "en" }],
      ["track", "product_click", { sku: "sku-1" }],
    ];
    replayQueue(api, queue);
    expect(api.current).not.toBeNull();
    api.current?.models.requestLogin("claim");
    expect(heard).toEqual(["claim"]);
    expect(fake.callsOf("track")).toEqual([{ event: "product_click", sku: "sku-1" }]);
    api.unmount();
    expect(document.querySelectorAll("encore-overlay")).toHaveLength(0);
  });

  it('hands a buy tap to the page\'s Encore.on("buy") handler, registered before the script loaded', () => {
    const fake = new FakeTransport();
    fake.answer(ClientEvent.track, () => ({ ok: true, data: { tracked: true } }));
    const api = createEncoreApi({ transport: fake });
    const bought: Product[] = [];
    replayQueue(api, [
      ["on", "buy", (p: Product) => bought.push(p)],
      ["mount", { room: "room_1", locale: "en" }],
    ]);
    fake.push(ServerEvent.snapshot, snapshot({ product: product() }));
    api.current?.models.products.buy(product());
    expect(bought).toEqual([product()]);
    expect(fake.callsOf(ClientEvent.track)).toEqual([{ event: "product_click", sku: "serum-30" }]);
    api.unmount();
  });

  it("setToken remounts with the new token and keeps the page's listeners", () => {
    const fake = new FakeTransport({ unanswered: "timeout" });
    const api = createEncoreApi({ room: "room_1", transport: fake });
    const heard: string[] = [];
    api.on("login-request", (e) => heard.push(e.reason));
    api.mount();
    const first = api.current;
    api.setToken("jwt.next");
    expect(api.current).not.toBe(first);
    expect(fake.closed).toBe(true);
    api.current?.models.requestLogin("earn");
    expect(heard).toEqual(["earn"]);
    expect(document.querySelectorAll("encore-overlay")).toHaveLength(1);
    api.unmount();
  });

  it("refuses bad calls with a prefixed log instead of throwing", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const api = createEncoreApi({});
    expect(() => api("nope")).not.toThrow();
    api.track("product_click", { sku: "" });
    expect(warn.mock.calls.every((c) => c[0] === "[encore]")).toBe(true);
    expect(warn).toHaveBeenCalledTimes(2);
  });
});

describe("page safety", () => {
  it("isolates a listener that throws", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const emitter = createEmitter();
    const heard: number[] = [];
    emitter.on("points", () => {
      throw new Error("page bug");
    });
    emitter.on("points", (p) => heard.push(p.points));
    emitter.emit("points", { points: 5, delta: 5 });
    expect(heard).toEqual([5]);
    expect(error.mock.calls[0]?.[0]).toBe("[encore]");
  });

  it("survives storage that throws", () => {
    vi.spyOn(Storage.prototype, "getItem").mockImplementation(() => {
      throw new Error("denied");
    });
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new Error("denied");
    });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(storage.get("x")).toBeNull();
    expect(() => storage.set("x", "1")).not.toThrow();
  });
});

describe("locale", () => {
  it.each([
    [null, ["zh-TW", "en"], "zh-CN"],
    [null, ["en-GB"], "en"],
    [null, ["fr-FR", "zh-CN"], "en"],
    ["zh-CN", ["en-US"], "zh-CN"],
    ["en", ["zh-CN"], "en"],
    ["xx", ["zh-CN"], "zh-CN"],
  ] as const)("data-locale %s with browser %j → %s", (override, languages, expected) => {
    expect(pickLocale(override, languages)).toBe(expected);
    expect(messagesFor(expected).locale).toBe(expected);
  });
});
