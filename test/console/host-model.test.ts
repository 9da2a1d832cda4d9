import { describe, expect, it, vi } from "vitest";
import { HOST_LOCALES, refusalText } from "../../console/i18n/index.js";
import { createHostConsole } from "../../console/models/console.js";
import { appendPoint, HISTORY_MS, sellOut } from "../../console/models/history.js";
import { centsFromYuan, duration, wholeNumber, yuan } from "../../console/ui/parts/format.js";
import { HostEvent, HostPush, ServerEvent } from "../../protocol/events.js";
import { FakeTransport } from "../helpers/fake-transport.js";
import { NOW, offerView, snapshotFor, stats } from "./builders.js";

describe("appendPoint", () => {
  const at = (ms: number, viewers = 1) => stats({ at: NOW + ms, viewers });
  it.each([
    ["adds a later point", [0, 1000], [0, 1000]],
    ["keeps one point per instant, the newest", [0, 1000, 1000], [0, 1000]],
    ["never rewinds", [0, 2000, 1000], [0, 2000]],
    ["drops points older than the window", [0, 1000, HISTORY_MS + 500], [1000, HISTORY_MS + 500]],
  ])("%s", (_name, times, kept) => {
    let history = appendPoint([], at(times[0] ?? 0));
    for (const t of times.slice(1)) history = appendPoint(history, at(t, t));
    expect(history.map((p) => p.at - NOW)).toEqual(kept);
  });
});

describe("sellOut", () => {
  const offer = { startedAt: NOW, status: "live" };
  it.each([
    [
      "the measured time once sold out",
      { claimed: 100, stock: 100, soldOutMs: 1800 },
      5000,
      { ms: 1800, projected: false },
    ],
    [
      "a projection from the pace so far",
      { claimed: 25, stock: 100, soldOutMs: null },
      2000,
      { ms: 8000, projected: true },
    ],
    ["nothing before the first claim", { claimed: 0, stock: 100, soldOutMs: null }, 2000, null],
  ] as const)("%s", (_name, claim, elapsed, expected) => {
    expect(sellOut(offer, claim, NOW + elapsed)).toEqual(expected);
  });
  it("no projection once the offer ended unsold", () => {
    expect(sellOut({ startedAt: NOW, status: "ended" }, { claimed: 5, stock: 100, soldOutMs: null }, NOW + 9000)).toBe(
      null,
    );
  });
});

describe("prices and numbers typed by the host", () => {
  it.each([
    ["299", 29900],
    ["299.9", 29990],
    ["0.01", 1],
    [" 12.50 ", 1250],
    ["12.345", null],
    ["-1", null],
    ["abc", null],
    ["", null],
  ])("centsFromYuan(%j) = %j", (text, cents) => expect(centsFromYuan(text)).toBe(cents));

  it.each([
    ["10", 10],
    ["-3", -3],
    ["1.5", null],
    ["", null],
  ])("wholeNumber(%j) = %j", (text, n) => expect(wholeNumber(text)).toBe(n));

  it.each([
    [29900, "¥299"],
    [29990, "¥299.90"],
    [1, "¥0.01"],
  ])("yuan(%d) = %s", (cents, text) => expect(yuan(cents)).toBe(text));
});

describe("durations read as spans of time, never as a clock", () => {
  it.each([
    [1800, "en", "1.8 s"],
    [14_210, "en", "14.2 s"],
    [14_210, "zh-CN", "14.2 秒"],
    [59_960, "en", "1 min"],
    [65_000, "en", "1 min 5 s"],
    [125_000, "zh-CN", "2 分 5 秒"],
    [300_000, "en", "5 min"],
  ] as const)("duration(%d, %s) = %s", (ms, locale, text) => expect(duration(ms, locale)).toBe(text));

  it.each([
    [45_000, "en", "45 s"],
    [44_100, "en", "45 s"],
    [300, "zh-CN", "1 秒"],
    [0, "en", "0 s"],
    [61_000, "en", "1 min 1 s"],
  ] as const)("a countdown of %d ms in %s reads %s", (ms, locale, text) =>
    expect(duration(ms, locale, { whole: true })).toBe(text),
  );
});

describe("the console model", () => {
  const admitted = () => {
    const transport = new FakeTransport()
      .answer(HostEvent.templates, { ok: true, data: { templates: [] } })
      .answer(HostEvent.stats, { ok: true, data: stats({ viewers: 7 }) });
    const model = createHostConsole(transport, { hasToken: true, clock: () => NOW });
    transport.push(ServerEvent.snapshot, snapshotFor("host"));
    return { transport, model };
  };

  it("asks once for templates, a first stats figure, the room's recent comments and its guest spot when admitted as a host", async () => {
    const { transport, model } = admitted();
    await Promise.resolve();
    expect(transport.calls.map((c) => c.event)).toEqual([
      HostEvent.templates,
      HostEvent.stats,
      HostEvent.comments,
      HostEvent.stage,
    ]);
    await Promise.resolve();
    expect(model.stats.value?.viewers).toBe(7);
    model.dispose();
  });

  it("keeps the room's guest spot (连麦) as pushed, invites by viewer and ends the spot it holds", async () => {
    const { transport, model } = admitted();
    const spot = {
      spotId: "spot-1",
      roomId: "room_1",
      viewerId: "amy",
      name: "Amy",
      tier: 2,
      state: "invited" as const,
      expiresAt: NOW + 60_000,
      boughtFeatured: true,
      endedReason: null,
    };
    transport.answer(HostEvent.stageInvite, { ok: true, data: spot });
    expect(await model.inviteToStage("amy")).toBe(true);
    expect(transport.calls.at(-1)).toMatchObject({ event: HostEvent.stageInvite, payload: { viewerId: "amy" } });
    transport.push(HostPush.stage, { ...spot, state: "on_stage", expiresAt: null });
    expect(model.stageSpot.value?.state).toBe("on_stage");
    transport.answer(HostEvent.stageEnd, { ok: true, data: { ...spot, state: "ended", endedReason: "host" } });
    expect(await model.endStage()).toBe(true);
    expect(transport.calls.at(-1)).toMatchObject({ event: HostEvent.stageEnd, payload: { spotId: "spot-1" } });
    expect(model.stageSpot.value).toMatchObject({ state: "ended", endedReason: "host" });
    transport.refuse(HostEvent.stageInvite, "stage_busy");
    expect(await model.inviteToStage("bob")).toBe(false);
    expect(model.requests.refusals.value.stageInvite?.code).toBe("stage_busy");
    model.dispose();
  });

  it("moves the offer's remaining stock with the stock ticker, and ignores another offer's", () => {
    const { transport, model } = admitted();
    transport.push(ServerEvent.offer, offerView({ remaining: 100 }));
    transport.push(ServerEvent.offerStock, { offerId: "offer-1", remaining: 60, claimed: 40 });
    transport.push(ServerEvent.offerStock, { offerId: "offer-0", remaining: 1, claimed: 99 });
    expect(model.offer.value?.remaining).toBe(60);
    model.dispose();
  });

  it("keeps the newest comments first, and only so many", () => {
    const { transport, model } = admitted();
    for (let i = 0; i < 30; i++) {
      transport.push(HostPush.comments, {
        comments: [
          { id: `c${i}a`, viewerId: "a", name: "a", text: `${i}a`, at: NOW + i },
          { id: `c${i}b`, viewerId: "b", name: "b", text: `${i}b`, at: NOW + i },
        ],
      });
    }
    expect(model.comments.value).toHaveLength(40);
    expect(model.comments.value[0]?.text).toBe("29b");
    model.dispose();
  });

  it("shows what the room said before it joined, under what it has heard since, each once", async () => {
    const comment = (n: number) => ({
      id: `c-${n}`,
      viewerId: `v-${n}`,
      name: `fan ${n}`,
      text: `line ${n}`,
      at: NOW + n,
    });
    let answer: (ack: { ok: true; data: { comments: ReturnType<typeof comment>[] } }) => void = () => {};
    const transport = new FakeTransport()
      .answer(HostEvent.templates, { ok: true, data: { templates: [] } })
      .answer(HostEvent.stats, { ok: true, data: stats() })
      // answered later, when the test says: the fake resolves a call with whatever its answer returns
      .answer(HostEvent.comments, (() => new Promise((resolve) => (answer = resolve))) as never);
    const model = createHostConsole(transport, { hasToken: true, clock: () => NOW });
    transport.push(ServerEvent.snapshot, snapshotFor("host"));
    // a batch arrives while the recent comments are on their way; it repeats the newest of them
    transport.push(HostPush.comments, { comments: [comment(3), comment(4)] });
    answer({ ok: true, data: { comments: [comment(1), comment(2), comment(3)] } });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(model.comments.value.map((c) => c.id)).toEqual(["c-4", "c-3", "c-2", "c-1"]);
    model.dispose();
  });

  it("ticks the countdown only while an offer is live, and dispose stops it", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      let now = NOW - 5000;
      const transport = new FakeTransport();
      const model = createHostConsole(transport, { hasToken: true, clock: () => now });
      // the server's clock is 5 s ahead of this laptop's
      transport.push(ServerEvent.snapshot, snapshotFor("host", { serverTime: NOW }));
      expect(vi.getTimerCount()).toBe(0);
      transport.push(ServerEvent.offer, offerView());
      expect(vi.getTimerCount()).toBe(1);
      now += 3000;
      vi.advanceTimersByTime(1000);
      expect(model.now.value).toBe(NOW + 3000);
      transport.push(ServerEvent.offer, offerView({ status: "sold_out" }));
      expect(vi.getTimerCount()).toBe(0);
      transport.push(ServerEvent.offer, offerView({ id: "offer-2" }));
      model.dispose();
      expect(vi.getTimerCount()).toBe(0);
      expect(transport.listenerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("refusals a host can meet, in both locales", () => {
  const HOST_CODES = [
    "bad_request",
    "rate_limited",
    "token_invalid",
    "token_expired",
    "wrong_shop",
    "forbidden",
    "guest",
    "room_not_found",
    "viewer_not_found",
    "offer_none",
    "offer_ended",
    "offer_live",
    "stock_invalid",
    "duration_invalid",
    "template_not_found",
    "internal",
    "timeout",
    "unreachable",
  ] as const;
  it.each(HOST_LOCALES.flatMap((locale) => HOST_CODES.map((code) => [locale, code] as const)))(
    "%s has its own sentence for %s",
    (locale, code) => {
      const text = refusalText(locale, code);
      expect(text).not.toContain(code);
      expect(text.length).toBeGreaterThan(4);
    },
  );
  it("a code without words still says what happened, with the code", () => {
    expect(refusalText("en", "points_cap")).toBe("The server refused this (points_cap).");
    expect(refusalText("zh-CN", "points_cap")).toBe("服务器拒绝了此操作（points_cap）。");
  });
});
