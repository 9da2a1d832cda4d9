import { type ReadonlySignal, signal } from "@preact/signals";
import type { SigningKeyList, SigningKeyRotated, SigningKeyView } from "../../protocol/keys.js";
import type { AdminSessionModel } from "./admin-session.js";

/** How long the replaced key keeps verifying, as the Settings section offers it: an hour, a day, a week. */
export const WINDOW_CHOICES = [3600, 86_400, 604_800] as const;
export type WindowChoice = (typeof WINDOW_CHOICES)[number];

export interface SigningKeyModel {
  /** the current key; null until read (or for a shop that has none) */
  current: ReadonlySignal<SigningKeyView | null>;
  /** replaced keys that still verify, each until its window ends */
  previous: ReadonlySignal<SigningKeyView[]>;
  loaded: ReadonlySignal<boolean>;
  rotating: ReadonlySignal<boolean>;
  refusal: ReadonlySignal<string | null>;
  /** the new key right after a rotation: shown this once, until the person closes it */
  revealed: ReadonlySignal<SigningKeyRotated | null>;
  load(): Promise<void>;
  rotate(windowSeconds: WindowChoice): Promise<boolean>;
  dismiss(): void;
}

/**
 * The viewer-token signing key in the back office's Settings: which key is current and since when,
 * which replaced ones still verify and until when, and a rotation whose new key is readable once.
 */
export function createSigningKeyModel(admin: AdminSessionModel): SigningKeyModel {
  const current = signal<SigningKeyView | null>(null);
  const previous = signal<SigningKeyView[]>([]);
  const loaded = signal(false);
  const rotating = signal(false);
  const refusal = signal<string | null>(null);
  const revealed = signal<SigningKeyRotated | null>(null);

  const load = async () => {
    const answer = await admin.api<SigningKeyList>("/v1/signing-keys");
    if (!answer.ok) {
      refusal.value = answer.code;
      return;
    }
    current.value = answer.data.keys.find((key) => key.current) ?? null;
    previous.value = answer.data.keys.filter((key) => !key.current);
    loaded.value = true;
  };

  return {
    current,
    previous,
    loaded,
    rotating,
    refusal,
    revealed,
    load,
    async rotate(windowSeconds) {
      if (rotating.peek()) return false;
      rotating.value = true;
      refusal.value = null;
      try {
        const answer = await admin.api<SigningKeyRotated>("/v1/signing-keys/rotate", {
          method: "POST",
          body: { windowSeconds },
        });
        if (!answer.ok) {
          refusal.value = answer.code;
          return false;
        }
        revealed.value = answer.data;
        await load();
        return true;
      } finally {
        rotating.value = false;
      }
    },
    dismiss() {
      revealed.value = null;
    },
  };
}
