import type { Session } from "./session.js";

/**
 * The viewer's token, kept in the extension's own storage (never the page's): the service worker
 * writes it when the shop's sign-in page hands it over and when it renews it, the content script
 * and the popup read it. A page cannot read or write it.
 */
export const TOKEN_KEY = "encoreToken";
/** beside the token: the room the popup joins and the shop's renewal URL (extension/session.ts) */
export const SESSION_KEY = "encoreSession";

const asToken = (value: unknown): string | null => (typeof value === "string" && value.length > 0 ? value : null);

export async function readToken(): Promise<string | null> {
  try {
    return asToken((await chrome.storage.local.get(TOKEN_KEY))[TOKEN_KEY]);
  } catch {
    // the extension was reloaded under a page that still runs its old content script
    return null;
  }
}

export async function readSession(): Promise<Session | null> {
  try {
    const value = (await chrome.storage.local.get(SESSION_KEY))[SESSION_KEY] as Partial<Session> | undefined;
    return typeof value?.room === "string" && typeof value.renew === "string"
      ? { room: value.room, renew: value.renew }
      : null;
  } catch {
    return null;
  }
}

/** Keeps a signed-in viewer's token and session, both in one write: a reader never sees one without the other. */
export async function saveSignIn(token: string, session: Session): Promise<void> {
  await chrome.storage.local.set({ [TOKEN_KEY]: token, [SESSION_KEY]: session });
}

/** Forgets the viewer: the content script's overlays go back to a guest's, the popup asks to sign in. */
export async function signOut(): Promise<void> {
  await chrome.storage.local.remove([TOKEN_KEY, SESSION_KEY]);
}

/** Calls `listener` with the new token (null when removed) each time it changes. */
export function onTokenChange(listener: (token: string | null) => void): () => void {
  const changed = (changes: Record<string, chrome.storage.StorageChange>, area: string) => {
    const change = changes[TOKEN_KEY];
    if (area === "local" && change) listener(asToken(change.newValue));
  };
  chrome.storage.onChanged.addListener(changed);
  return () => chrome.storage.onChanged.removeListener(changed);
}

/** A JWT's claims as text: base64url of UTF-8, where atob alone would read a Chinese name as Latin-1. */
function jwtPayload(token: string): string {
  const base64 = (token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** What the popup shows: whether a token is there and still unexpired (its signature is the server's to check). */
export function tokenStatus(token: string | null, nowMs: number): { signedIn: boolean; name: string | null } {
  if (!token) return { signedIn: false, name: null };
  try {
    const claims = JSON.parse(jwtPayload(token)) as { exp?: unknown; name?: unknown };
    const expired = typeof claims.exp === "number" && claims.exp * 1000 <= nowMs;
    return { signedIn: !expired, name: typeof claims.name === "string" ? claims.name : null };
  } catch {
    return { signedIn: false, name: null };
  }
}
