import { type ReadonlySignal, signal } from "@preact/signals";
import type { AdminSessionResponse } from "../../protocol/admin.js";
import type { FieldError } from "../../protocol/http.js";

/** What a back-office request came back with: the answer, or the refusal's code and the fields it names. */
export type AdminAnswer<T> =
  /** `etag`: the version the answer is at, for a later write's If-Match (the config has one) */
  { ok: true; data: T; etag: string | null } | { ok: false; code: string; fields: FieldError[] };

/** Who the back office is signed in as, or why it is not. */
export type AdminState =
  | { kind: "loading" }
  | { kind: "signed_in"; session: AdminSessionResponse }
  /** `code`: why (a spent link, an expired session); null after signing out on purpose */
  | { kind: "signed_out"; code: string | null };

export interface AdminSessionModel {
  state: ReadonlySignal<AdminState>;
  busy: ReadonlySignal<boolean>;
  /** a refusal of the last action, by its code */
  refusal: ReadonlySignal<string | null>;
  load(): Promise<void>;
  signOut(): Promise<void>;
  /**
   * A request of the back office's API as the signed-in session: the cookie goes along, and a
   * write carries the CSRF token. A session that has ended signs the page out, saying why.
   */
  api<T>(
    path: string,
    init?: { method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE"; body?: unknown; ifMatch?: string },
  ): Promise<AdminAnswer<T>>;
}

export interface AdminSessionOptions {
  /** the Encore server's origin: the back office is its own page, so its cookie goes with each request */
  server: string;
  /** why the sign-in link brought the page here without a session (its ?error=) */
  arrivedWith?: string | null;
  fetch?: typeof fetch;
}

const refusalOf = async (response: Response): Promise<{ code: string; fields: FieldError[] }> => {
  try {
    const error = ((await response.json()) as { error?: { code?: string; fields?: FieldError[] } }).error;
    return { code: error?.code ?? `http_${response.status}`, fields: error?.fields ?? [] };
  } catch {
    return { code: `http_${response.status}`, fields: [] };
  }
};
const codeOf = async (response: Response): Promise<string> => (await refusalOf(response)).code;

/**
 * The refusals that mean the session itself is gone, not that this one request was wrong: a route
 * the shop secret may also call answers `unauthorized` once the browser dropped the cookie.
 */
const SESSION_GONE = new Set(["session_required", "session_expired", "unauthorized"]);

/**
 * The back-office session, read from the server: the cookie is httpOnly, so the page only learns
 * who it is by asking. Writes carry the session's CSRF token.
 */
export function createAdminSession(options: AdminSessionOptions): AdminSessionModel {
  const request = options.fetch ?? ((input, init) => fetch(input, init));
  const state = signal<AdminState>({ kind: "loading" });
  const busy = signal(false);
  const refusal = signal<string | null>(null);

  return {
    state,
    busy,
    refusal,
    async load() {
      try {
        const response = await request(`${options.server}/v1/admin/session`, { credentials: "same-origin" });
        if (response.ok) {
          state.value = { kind: "signed_in", session: (await response.json()) as AdminSessionResponse };
          return;
        }
        // a spent link says so rather than "sign in": the person holding it needs a new one
        state.value = { kind: "signed_out", code: options.arrivedWith ?? (await codeOf(response)) };
      } catch {
        state.value = { kind: "signed_out", code: "unreachable" };
      }
    },
    async signOut() {
      const current = state.value;
      if (current.kind !== "signed_in" || busy.value) return;
      busy.value = true;
      refusal.value = null;
      try {
        const response = await request(`${options.server}/v1/admin/session/sign-out`, {
          method: "POST",
          credentials: "same-origin",
          headers: { "x-csrf-token": current.session.csrfToken },
        });
        if (response.ok) state.value = { kind: "signed_out", code: null };
        else refusal.value = await codeOf(response);
      } catch {
        refusal.value = "unreachable";
      } finally {
        busy.value = false;
      }
    },
    async api<T>(
      path: string,
      init: { method?: string; body?: unknown; ifMatch?: string } = {},
    ): Promise<AdminAnswer<T>> {
      const current = state.peek();
      if (current.kind !== "signed_in") return { ok: false, code: "session_required", fields: [] };
      const method = init.method ?? "GET";
      const headers: Record<string, string> = {};
      if (method !== "GET") headers["x-csrf-token"] = current.session.csrfToken;
      if (init.body !== undefined) headers["content-type"] = "application/json";
      if (init.ifMatch !== undefined) headers["if-match"] = init.ifMatch;
      try {
        const response = await request(`${options.server}${path}`, {
          method,
          credentials: "same-origin",
          headers,
          ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        });
        if (response.ok) return { ok: true, data: (await response.json()) as T, etag: response.headers.get("etag") };
        const refused = await refusalOf(response);
        if (SESSION_GONE.has(refused.code)) state.value = { kind: "signed_out", code: refused.code };
        return { ok: false, ...refused };
      } catch {
        return { ok: false, code: "unreachable", fields: [] };
      }
    },
  };
}
