import { type ReadonlySignal, signal } from "@preact/signals";
import type { ShopConfig } from "../../protocol/config.js";
import type { FieldError } from "../../protocol/http.js";
import type { AdminSessionModel } from "./admin-session.js";

/** Where the allowed origins stand with the server. */
export type OriginsState =
  | { kind: "loading" }
  | { kind: "ready" }
  | { kind: "saving" }
  | { kind: "saved" }
  /** someone saved the config since it was read: nothing was written, and what was typed stays */
  | { kind: "conflict" }
  | { kind: "refused"; code: string };

/** What the server said of the origin field: not an origin, or one too many for the list. */
export type OriginFieldError = "invalid" | "too_many";

export interface OriginsModel {
  /** the saved origins; null until read */
  origins: ReadonlySignal<string[] | null>;
  /** the origin being added, as typed */
  typed: ReadonlySignal<string>;
  state: ReadonlySignal<OriginsState>;
  fieldError: ReadonlySignal<OriginFieldError | null>;
  /** the origin a removal is under way for */
  removing: ReadonlySignal<string | null>;
  load(): Promise<void>;
  type(text: string): void;
  add(): Promise<boolean>;
  remove(origin: string): Promise<boolean>;
  /** reads the config again after a conflict, keeping what was typed */
  reload(): Promise<void>;
}

/** Which of the server's field errors is about the origins, in the form's terms. */
export function originFieldError(fields: readonly FieldError[]): OriginFieldError | null {
  const paths = fields.map((field) => field.path.replace(/^body\./, ""));
  if (paths.some((path) => /^allowedOrigins\.\d+$/.test(path))) return "invalid";
  if (paths.includes("allowedOrigins")) return "too_many";
  return null;
}

/**
 * The pages allowed to open the widget's socket, part of the shop's config. Each add or removal
 * is a PATCH naming the version it was read at (If-Match), so one made elsewhere meanwhile is
 * never overwritten: a stale one is refused (412) and the section offers a reload. Whether a
 * text is an origin is the server's call; its field error is shown beside the field.
 */
export function createOriginsModel(admin: AdminSessionModel): OriginsModel {
  const origins = signal<string[] | null>(null);
  const typed = signal("");
  const state = signal<OriginsState>({ kind: "loading" });
  const fieldError = signal<OriginFieldError | null>(null);
  const removing = signal<string | null>(null);
  let etag: string | null = null;

  const read = async (): Promise<boolean> => {
    const answer = await admin.api<ShopConfig>("/v1/config");
    if (!answer.ok) {
      state.value = { kind: "refused", code: answer.code };
      return false;
    }
    etag = answer.etag;
    origins.value = answer.data.allowedOrigins;
    return true;
  };

  const save = async (next: string[]): Promise<boolean> => {
    const kind = state.peek().kind;
    if (kind === "saving" || kind === "loading" || kind === "conflict") return false;
    state.value = { kind: "saving" };
    fieldError.value = null;
    const answer = await admin.api<ShopConfig>("/v1/config", {
      method: "PATCH",
      body: { allowedOrigins: next },
      // no version read: a save must not pass for "whatever is there" (the server answers 428)
      ...(etag ? { ifMatch: etag } : {}),
    });
    if (answer.ok) {
      etag = answer.etag ?? etag;
      origins.value = answer.data.allowedOrigins;
      state.value = { kind: "saved" };
      return true;
    }
    if (answer.code === "config_conflict") {
      state.value = { kind: "conflict" };
      return false;
    }
    const field = originFieldError(answer.fields);
    fieldError.value = field;
    state.value = field ? { kind: "ready" } : { kind: "refused", code: answer.code };
    return false;
  };

  return {
    origins,
    typed,
    state,
    fieldError,
    removing,
    async load() {
      if (await read()) state.value = { kind: "ready" };
    },
    type(text) {
      typed.value = text;
      fieldError.value = null;
      const now = state.peek().kind;
      if (now === "saved" || now === "refused") state.value = { kind: "ready" };
    },
    async add() {
      const origin = typed.peek().trim();
      const saved = origins.peek();
      if (origin === "" || !saved) return false;
      // already allowed: nothing to write
      if (saved.includes(origin)) {
        typed.value = "";
        return true;
      }
      const ok = await save([...saved, origin]);
      if (ok) typed.value = "";
      return ok;
    },
    async remove(origin) {
      const saved = origins.peek();
      if (!saved) return false;
      removing.value = origin;
      try {
        return await save(saved.filter((o) => o !== origin));
      } finally {
        removing.value = null;
      }
    },
    async reload() {
      if (await read()) state.value = { kind: "ready" };
    },
  };
}
