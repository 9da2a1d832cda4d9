import { type ReadonlySignal, signal } from "@preact/signals";
import type { ShopConfig } from "../../protocol/config.js";
import type { AdminSessionModel } from "./admin-session.js";
import {
  type DraftField,
  type DraftValue,
  fieldsOf,
  type ProgramDraft,
  rebase,
  toDraft,
  toPatch,
  withField,
} from "./program-draft.js";

export type ProgramLoad = { kind: "loading" } | { kind: "ready" } | { kind: "failed"; code: string };

/** A save's refusal: its code, and the fields the server named, by the form's field. */
export interface ProgramRefusal {
  code: string;
  fields: Partial<Record<DraftField, string>>;
}

export interface ProgramModel {
  load: ReadonlySignal<ProgramLoad>;
  /** what the forms show: the config as read, with what the person typed */
  draft: ReadonlySignal<ProgramDraft | null>;
  saving: ReadonlySignal<boolean>;
  refusal: ReadonlySignal<ProgramRefusal | null>;
  /** the config changed elsewhere since it was read: the draft is kept until the person reloads */
  conflict: ReadonlySignal<boolean>;
  saved: ReadonlySignal<boolean>;
  read(): Promise<void>;
  edit(field: DraftField, value: DraftValue): void;
  save(): Promise<boolean>;
  /** reads the config again, keeping the fields the person changed */
  reload(): Promise<void>;
}

/**
 * The back office's Program section: the whole program of the shop's config (tiers and their entry
 * rewards, earning, the chest, member days, points as money, repurchase triggers, automations and
 * the contact budget), edited as a draft and saved with PATCH /v1/config naming the version it was read at, so a change someone
 * else made meanwhile is never overwritten.
 */
export function createProgramModel(admin: AdminSessionModel, options: { onSaved?: () => void } = {}): ProgramModel {
  const load = signal<ProgramLoad>({ kind: "loading" });
  const draft = signal<ProgramDraft | null>(null);
  const saving = signal(false);
  const refusal = signal<ProgramRefusal | null>(null);
  const conflict = signal(false);
  const saved = signal(false);
  /** the config as last read, and its ETag */
  let base: { config: ShopConfig; etag: string } | null = null;

  const fetchConfig = async () => {
    const answer = await admin.api<ShopConfig>("/v1/config");
    if (!answer.ok || !answer.etag) {
      load.value = { kind: "failed", code: answer.ok ? "http_500" : answer.code };
      return null;
    }
    return { config: answer.data, etag: answer.etag };
  };

  return {
    load,
    draft,
    saving,
    refusal,
    conflict,
    saved,
    async read() {
      const read = await fetchConfig();
      if (!read) return;
      base = read;
      draft.value = toDraft(read.config);
      conflict.value = false;
      refusal.value = null;
      load.value = { kind: "ready" };
    },
    edit(field, value) {
      const current = draft.peek();
      if (!current) return;
      draft.value = withField(current, field, value);
      saved.value = false;
    },
    async save() {
      const current = draft.peek();
      if (!current || !base || saving.peek()) return false;
      saving.value = true;
      saved.value = false;
      refusal.value = null;
      try {
        const answer = await admin.api<ShopConfig>("/v1/config", {
          method: "PATCH",
          body: toPatch(current, base.config),
          ifMatch: base.etag,
        });
        if (!answer.ok) {
          if (answer.code === "config_conflict") conflict.value = true;
          else {
            const tierKeys = current.tiers.map((tier) => tier.key);
            refusal.value = { code: answer.code, fields: fieldsOf(answer.fields, tierKeys) };
          }
          return false;
        }
        base = { config: answer.data, etag: answer.etag ?? base.etag };
        draft.value = toDraft(answer.data);
        conflict.value = false;
        saved.value = true;
        options.onSaved?.();
        return true;
      } finally {
        saving.value = false;
      }
    },
    async reload() {
      const before = base;
      const typed = draft.peek();
      const read = await fetchConfig();
      if (!read) return;
      base = read;
      const now = toDraft(read.config);
      draft.value = typed && before ? rebase(typed, toDraft(before.config), now) : now;
      conflict.value = false;
      refusal.value = null;
      load.value = { kind: "ready" };
    },
  };
}
