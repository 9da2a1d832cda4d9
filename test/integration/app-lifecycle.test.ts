import { describe, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import { ManualClock } from "../../support/clock.js";
import { createTestStore } from "../../support/store.js";

describe("the app owns its long-lived parts", () => {
  it("starts the live rooms itself, before any socket or request, and close() stops them", async () => {
    const { store, dispose } = await createTestStore();
    try {
      const app = await createApp({ store, clock: new ManualClock(), webhookPollMs: 50 });
      // nobody has connected: the live rooms tick anyway (offers left live must end on time)
      expect(app.live.running).toBe(true);
      expect(app.live.offers).toBeDefined();
      expect(app.fanout).toBeDefined();
      // closed without ever listening, as a test that only composes an app does
      await app.close();
      expect(app.live.running).toBe(false);
    } finally {
      await store.close();
      await dispose();
    }
  });

  it("gives each app its own live rooms, so stopping one leaves another running", async () => {
    const first = await createTestStore();
    const second = await createTestStore();
    const a = await createApp({ store: first.store, clock: new ManualClock(), webhookPollMs: 0 });
    const b = await createApp({ store: second.store, clock: new ManualClock(), webhookPollMs: 0 });
    try {
      expect(a.live).not.toBe(b.live);
      expect(a.fanout).not.toBe(b.fanout);
      await a.listen(0);
      await a.close();
      expect(a.live.running).toBe(false);
      expect(b.live.running).toBe(true);
    } finally {
      await b.close();
      for (const made of [first, second]) {
        await made.store.close();
        await made.dispose();
      }
    }
  });
});
