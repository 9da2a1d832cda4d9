import { createSignInLink } from "../../server/services/admin-sessions.js";
import type { TestServer } from "../../support/server.js";

/** A back-office session as a browser holds it: the cookie, and the CSRF token the page read. */
export interface AdminBrowser {
  cookie: string;
  csrf: string;
  sessionId: string;
  /** a request with the session's cookie (and its CSRF token unless `csrf` says otherwise) */
  fetch(path: string, init?: RequestInit & { csrf?: string | null }): Promise<Response>;
}

/** What `encore-server admin-link` prints for the shop: a one-time link's address. */
export async function printLink(server: TestServer, shopId = server.shop.id, name?: string): Promise<string> {
  const { secret } = await createSignInLink(server.app.ctx, shopId, { name });
  return `${server.url}/v1/admin/sign-in?link=${secret}`;
}

/** The cookie a response set, as `name=value`. */
export function setCookieOf(response: Response): string | null {
  const header = response.headers.get("set-cookie");
  return header ? (header.split(";")[0] ?? null) : null;
}

/** Opens a link as a browser would (without following the redirect) and reads the session it started. */
export async function signIn(server: TestServer, link?: string): Promise<AdminBrowser> {
  const opened = await fetch(link ?? (await printLink(server)), { redirect: "manual" });
  if (opened.status !== 303) throw new Error(`sign-in answered ${opened.status}: ${await opened.text()}`);
  const cookie = setCookieOf(opened);
  if (!cookie) throw new Error("sign-in set no cookie");
  return asBrowser(server, cookie);
}

export async function asBrowser(server: TestServer, cookie: string): Promise<AdminBrowser> {
  const session = await fetch(`${server.url}/v1/admin/session`, { headers: { cookie } });
  if (session.status !== 200) throw new Error(`session answered ${session.status}: ${await session.text()}`);
  const body = (await session.json()) as { csrfToken: string; session: { id: string } };
  return {
    cookie,
    csrf: body.csrfToken,
    sessionId: body.session.id,
    fetch: (path, init = {}) => {
      const { csrf = body.csrfToken, headers, ...rest } = init;
      return fetch(`${server.url}${path}`, {
        ...rest,
        headers: { cookie, ...(csrf === null ? {} : { "x-csrf-token": csrf }), ...(headers as Record<string, string>) },
      });
    },
  };
}
