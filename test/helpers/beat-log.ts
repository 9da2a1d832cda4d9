import type { Page } from "playwright-core";
import { ClientEvent } from "../../protocol/index.js";

export interface Beat {
  playing: boolean;
  visible: boolean;
}

/** A beat as socket.io frames it: 42<ack id>["<event>",{...}] */
const BEAT_FRAME = new RegExp(`^42(\\d+)\\[${JSON.stringify(ClientEvent.beat)},(\\{.*?\\})`);
/** The server's answer to a call: 43<ack id>[{"ok":...}] */
const ACK_FRAME = /^43(\d+)\[(.*)\]$/;

export interface BeatLog {
  /** every beat the page sent, accepted or not */
  sent: Beat[];
  /** the last beat the server accepted and answered: its handling, on the server's clock, is over */
  accepted: () => Beat | undefined;
}

/** The beats a page sends and the ones the server accepted, read off its socket's frames. */
export function recordBeats(page: Page): BeatLog {
  const sent: Beat[] = [];
  let accepted: Beat | undefined;
  page.on("websocket", (ws) => {
    // ack ids count per connection: a remounted widget's new socket starts again
    const waiting = new Map<string, Beat>();
    ws.on("framesent", ({ payload }) => {
      const match = BEAT_FRAME.exec(String(payload));
      if (!match?.[1] || !match[2]) return;
      const beat = JSON.parse(match[2]) as Beat;
      sent.push(beat);
      waiting.set(match[1], beat);
    });
    ws.on("framereceived", ({ payload }) => {
      const match = ACK_FRAME.exec(String(payload));
      const beat = match?.[1] ? waiting.get(match[1]) : undefined;
      if (!match?.[1] || !match[2] || !beat) return;
      waiting.delete(match[1]);
      if ((JSON.parse(match[2]) as { ok: boolean }).ok) accepted = beat;
    });
  });
  return { sent, accepted: () => accepted };
}
