import { listen } from "../../client/listen.js";
import type { AckCode, Transport } from "../../client/transport.js";
import type { TierConfig } from "../../protocol/config.js";
import { ClientEvent, ServerEvent } from "../../protocol/events.js";
import type { CommentSample, Entrance, Greeting } from "../../protocol/live.js";
import type { StageGuest } from "../../protocol/stage.js";
import { effect, signal } from "../core/signals.js";
import { keywordOf, type OfferModel } from "./offer.js";

const TICKER_SIZE = 5;

/**
 * The comment box and the room's ticker. The server sends comments in batches (a count and a
 * sample), never one message per comment; the ticker keeps the newest few samples.
 */
export function createChat(transport: Transport, offer: OfferModel) {
  const recent = signal<CommentSample[]>([]);
  /** comments in the latest batch, and how many of them were the live offer's keyword */
  const pace = signal({ count: 0, matches: 0 });
  const sending = signal(false);
  const error = signal<AckCode | null>(null);
  /** what the viewer is typing in the comment box */
  const draft = signal("");
  /** the shop's tiers, which name the badges beside comments (a comment carries its tier's index) */
  const tiers = signal<TierConfig[]>([]);
  /** the latest entrance lines, and the host's greeting to this viewer: shown by the greet panel */
  const entrances = signal<Entrance[] | null>(null);
  const greeting = signal<Greeting | null>(null);
  /** 连麦: who is on stage now (the greet panel shows them) */
  const stage = signal<StageGuest | null>(null);

  const dispose = effect(() =>
    listen(transport, {
      [ServerEvent.snapshot]: (snapshot) => {
        tiers.value = snapshot.config.tiers;
        stage.value = snapshot.stage;
      },
      [ServerEvent.stage]: (guest) => {
        stage.value = guest;
      },
      [ServerEvent.greeting]: (next) => {
        greeting.value = next;
      },
      [ServerEvent.comments]: (batch) => {
        if (batch.entrances) entrances.value = batch.entrances;
        pace.value = { count: batch.count, matches: batch.matches };
        if (batch.sample.length > 0) recent.value = [...recent.peek(), ...batch.sample].slice(-TICKER_SIZE);
      },
    }),
  );

  /** Sends a comment; when it is the live offer's keyword it is also a claim. Resolves true if sent. */
  async function send(raw: string): Promise<boolean> {
    const text = raw.trim();
    if (!text || sending.peek()) return false;
    const claiming = keywordOf(offer.offer.peek()) === text;
    sending.value = true;
    if (claiming) offer.setPending(true);
    const result = await transport.call(ClientEvent.comment, { text });
    sending.value = false;
    if (claiming) offer.setPending(false);
    if (!result.ok) {
      if (claiming) offer.fail(result.error.code);
      else error.value = result.error.code;
      return false;
    }
    error.value = result.data.accepted || result.data.claim ? null : "comment_blocked";
    offer.applyOutcome(result.data.claim);
    return result.data.accepted || result.data.claim !== null;
  }

  return {
    recent,
    tiers,
    entrances,
    greeting,
    stage,
    pace,
    sending,
    error,
    draft,
    send,
    /** sends what the box holds, and empties it once sent */
    async sendDraft() {
      if (await send(draft.peek())) draft.value = "";
    },
    setDraft(text: string) {
      draft.value = text;
      if (error.peek()) error.value = null;
    },
    /** the one-tap "1": exactly what typing the keyword does */
    claim: () => {
      const keyword = keywordOf(offer.offer.peek());
      return keyword ? send(keyword) : Promise.resolve(false);
    },
    clearError() {
      error.value = null;
    },
    dispose,
  };
}
export type ChatModel = ReturnType<typeof createChat>;
