import { type ReadonlySignal, signal } from "@preact/signals";
import type { ApiKeyCreated, ApiKeyList, ApiKeyRotated, ApiKeyView } from "../../protocol/keys.js";
import type { AdminSessionModel } from "./admin-session.js";

/** How long a rotated key keeps working, as the Settings section offers it: at once, an hour, a day. */
export const GRACE_CHOICES = [0, 3600, 86_400] as const;
export type GraceChoice = (typeof GRACE_CHOICES)[number];

/** A key in the one moment it is readable: just created or rotated, until the person closes it. */
export interface RevealedKey {
  kind: "created" | "rotated";
  key: ApiKeyView;
  secret: string;
  /** after a rotation: the key it replaces, with when it stops working */
  previous: ApiKeyView | null;
}

/** A refusal of one action: which (create, or a key's id), its code, and whether the server named the name field. */
export interface KeyRefusal {
  action: "load" | "create" | string;
  code: string;
  nameField: boolean;
}

export interface ApiKeysModel {
  /** the shop's keys, newest first; null until read */
  keys: ReadonlySignal<ApiKeyView[] | null>;
  /** the action under way: "create", or the id of the key being revoked or rotated */
  busy: ReadonlySignal<string | null>;
  refusal: ReadonlySignal<KeyRefusal | null>;
  revealed: ReadonlySignal<RevealedKey | null>;
  load(): Promise<void>;
  create(name: string): Promise<boolean>;
  revoke(id: string): Promise<boolean>;
  rotate(id: string, graceSeconds: GraceChoice): Promise<boolean>;
  /** forgets the shown key: it is never readable again */
  dismiss(): void;
}

/**
 * The shop's API keys in the back office's Settings: listed without the keys themselves (the
 * server keeps only their hashes), each new key held here for the one showing the server allows.
 */
export function createApiKeysModel(admin: AdminSessionModel): ApiKeysModel {
  const keys = signal<ApiKeyView[] | null>(null);
  const busy = signal<string | null>(null);
  const refusal = signal<KeyRefusal | null>(null);
  const revealed = signal<RevealedKey | null>(null);

  const refresh = async () => {
    const answer = await admin.api<ApiKeyList>("/v1/api-keys");
    if (answer.ok) keys.value = answer.data.keys;
    else refusal.value = { action: "load", code: answer.code, nameField: false };
  };

  /** Runs one write, one at a time; the list is read again after it, whatever it answered. */
  const write = async <T>(action: string, run: () => ReturnType<AdminSessionModel["api"]>, done: (data: T) => void) => {
    if (busy.peek() !== null) return false;
    busy.value = action;
    refusal.value = null;
    try {
      const answer = await run();
      if (!answer.ok) {
        const nameField = answer.fields.some((field) => /(^|\.)name$/.test(field.path));
        refusal.value = { action, code: answer.code, nameField };
        if (answer.code !== "bad_request") await refresh();
        return false;
      }
      done(answer.data as T);
      await refresh();
      return true;
    } finally {
      busy.value = null;
    }
  };

  return {
    keys,
    busy,
    refusal,
    revealed,
    load: refresh,
    create: (name) =>
      write<ApiKeyCreated>(
        "create",
        () => admin.api("/v1/api-keys", { method: "POST", body: { name } }),
        (data) => {
          revealed.value = { kind: "created", key: data.key, secret: data.secret, previous: null };
        },
      ),
    revoke: (id) =>
      write<unknown>(
        id,
        () => admin.api(`/v1/api-keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
        () => {
          // a key shown once and revoked at once is no key to keep on screen
          if (revealed.peek()?.key.id === id) revealed.value = null;
        },
      ),
    rotate: (id, graceSeconds) =>
      write<ApiKeyRotated>(
        id,
        () => admin.api(`/v1/api-keys/${encodeURIComponent(id)}/rotate`, { method: "POST", body: { graceSeconds } }),
        (data) => {
          revealed.value = { kind: "rotated", key: data.key, secret: data.secret, previous: data.previous };
        },
      ),
    dismiss() {
      revealed.value = null;
    },
  };
}
