import { type ReadonlySignal, signal } from "@preact/signals";
import type { ShopConfig } from "../../protocol/config.js";
import type { MuteView } from "../../protocol/moderation.js";
import type { AdminSessionModel } from "./admin-session.js";

/** Where the blocked words' editor stands with the server. */
export type WordsState =
  | { kind: "loading" }
  | { kind: "ready" }
  | { kind: "saving" }
  | { kind: "saved" }
  /** someone saved the config since it was read: `theirs` is what is saved now; the draft is kept */
  | { kind: "conflict"; theirs: string[] | null }
  | { kind: "refused"; code: string };

export interface ModerationAdminModel {
  /** the blocked words being edited, one per line, as typed */
  draft: ReadonlySignal<string>;
  words: ReadonlySignal<WordsState>;
  mutes: ReadonlySignal<MuteView[] | null>;
  /** the viewer an unmute is under way for */
  unmuting: ReadonlySignal<string | null>;
  refusal: ReadonlySignal<string | null>;
  load(): Promise<void>;
  type(text: string): void;
  saveWords(): Promise<void>;
  /** reads the saved config again (after a conflict) and keeps what was typed */
  reloadWords(): Promise<void>;
  unmute(viewerId: string): Promise<void>;
}

export interface ModerationAdminOptions {
  admin: AdminSessionModel;
  /** the Encore server's origin; the back office page is served by it, so "" (this origin) by default */
  server?: string;
  fetch?: typeof fetch;
}

/** The draft as the config holds it: one word a line, trimmed, no blanks, each once. */
export const wordsOf = (draft: string): string[] => [
  ...new Set(
    draft
      .split(/\r?\n/)
      .map((w) => w.trim())
      .filter(Boolean),
  ),
];

/**
 * Blocked words and the mute list. The words are part of the config, so they are written with
 * PATCH /v1/config and If-Match: a save over someone else's change is refused (412), and the
 * editor says so and keeps the draft for the person to save again after reloading.
 */
export function createModerationAdmin(options: ModerationAdminOptions): ModerationAdminModel {
  const { admin } = options;
  const server = options.server ?? "";
  const request = options.fetch ?? ((input, init) => fetch(input, init));
  const draft = signal("");
  const words = signal<WordsState>({ kind: "loading" });
  const mutes = signal<MuteView[] | null>(null);
  const unmuting = signal<string | null>(null);
  const refusal = signal<string | null>(null);
  /** the ETag of the config the draft was based on */
  let etag: string | null = null;

  const csrf = () => {
    const state = admin.state.peek();
    return state.kind === "signed_in" ? state.session.csrfToken : "";
  };
  const codeOf = async (response: Response) => {
    try {
      return ((await response.json()) as { error?: { code?: string } }).error?.code ?? `http_${response.status}`;
    } catch {
      return `http_${response.status}`;
    }
  };

  /** The saved words and their version; null when the config could not be read. */
  const readConfig = async (): Promise<string[] | null> => {
    try {
      const response = await request(`${server}/v1/config`, { credentials: "same-origin" });
      if (!response.ok) {
        words.value = { kind: "refused", code: await codeOf(response) };
        return null;
      }
      etag = response.headers.get("etag");
      return ((await response.json()) as ShopConfig).moderation.blockedWords;
    } catch {
      words.value = { kind: "refused", code: "unreachable" };
      return null;
    }
  };

  const loadMutes = async () => {
    const answer = await admin.api<{ mutes: MuteView[] }>("/v1/mutes");
    if (answer.ok) mutes.value = answer.data.mutes;
    else refusal.value = answer.code;
  };

  return {
    draft,
    words,
    mutes,
    unmuting,
    refusal,
    async load() {
      const [saved] = await Promise.all([readConfig(), loadMutes()]);
      if (saved) {
        draft.value = saved.join("\n");
        words.value = { kind: "ready" };
      }
    },
    type(text) {
      draft.value = text;
      const now = words.peek();
      if (now.kind === "saved" || now.kind === "refused") words.value = { kind: "ready" };
    },
    async saveWords() {
      if (words.peek().kind === "saving") return;
      const previous = words.peek();
      words.value = { kind: "saving" };
      try {
        const response = await request(`${server}/v1/config`, {
          method: "PATCH",
          credentials: "same-origin",
          headers: {
            "content-type": "application/json",
            "x-csrf-token": csrf(),
            // no version read: a save must not pass for "whatever is there" (428 says so)
            ...(etag ? { "if-match": etag } : {}),
          },
          body: JSON.stringify({ moderation: { blockedWords: wordsOf(draft.peek()) } }),
        });
        if (response.ok) {
          etag = response.headers.get("etag");
          words.value = { kind: "saved" };
          return;
        }
        const code = await codeOf(response);
        words.value =
          code === "config_conflict"
            ? { kind: "conflict", theirs: previous.kind === "conflict" ? previous.theirs : null }
            : { kind: "refused", code };
      } catch {
        words.value = { kind: "refused", code: "unreachable" };
      }
    },
    async reloadWords() {
      const theirs = await readConfig();
      // what was typed stays: the person decides what to keep of it, then saves over the new version
      if (theirs) words.value = { kind: "conflict", theirs };
    },
    async unmute(viewerId) {
      unmuting.value = viewerId;
      refusal.value = null;
      try {
        const answer = await admin.api<unknown>(`/v1/mutes/${encodeURIComponent(viewerId)}`, { method: "DELETE" });
        if (!answer.ok) refusal.value = answer.code;
        // not muted any more either way: the list says how things are now
        await loadMutes();
      } finally {
        unmuting.value = null;
      }
    },
  };
}
