import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  AdminSessionList,
  AdminSessionResponse,
  EncoreError,
  RevokedResponse,
  SessionExchangeBody,
  SessionParams,
  SignedOutResponse,
  SignInQuery,
} from "../../protocol/index.js";
import { DEFAULT_SESSION_POLICY } from "../domain/admin-sessions.js";
import {
  csrfTokenFor,
  listSessions,
  revokeSession,
  type SignInMeta,
  type StartedSession,
  sessionView,
  signInWithLink,
  signInWithToken,
  signOut,
} from "../services/admin-sessions.js";
import type { Context } from "../services/context.js";
import { type Resolvers, route } from "./route.js";
import { clearSessionCookie, setSessionCookie } from "./session.js";

/** Where a sign-in lands: the console page with the back office open. */
export const BACK_OFFICE_PAGE = "/admin";

const meta = (request: FastifyRequest): SignInMeta => ({
  userAgent: request.headers["user-agent"] ?? null,
  requestId: request.id,
});

function startCookie(request: FastifyRequest, reply: FastifyReply, started: StartedSession, now: number): void {
  setSessionCookie(request, reply, started.secret, started.session.expires_at - now);
}

/** A person opened the link in a browser (rather than a script fetching it): they get a page either way. */
const wantsPage = (request: FastifyRequest) => /\btext\/html\b/.test(request.headers.accept ?? "");

/** Sign-in, the session, sign-out and the shop's sessions. */
export function registerAdminRoutes(app: FastifyInstance, ctx: Context, resolvers: Resolvers): void {
  route(app, resolvers, {
    method: "GET",
    url: "/v1/admin/sign-in",
    summary: "Open a one-time sign-in link (encore-server admin-link): starts a session and goes to the back office",
    tags: ["back office"],
    auth: "none",
    query: SignInQuery,
    redirects: "to the back office, signed in (a spent or expired link: to the back office with ?error=<code>)",
    handler: async ({ query, request, reply }) => {
      try {
        const started = await signInWithLink(ctx, query.link, meta(request));
        startCookie(request, reply, started, ctx.clock.now());
      } catch (error) {
        // a person who opened a spent link reads why on the page, in their language
        if (error instanceof EncoreError && wantsPage(request)) {
          return reply.redirect(`${BACK_OFFICE_PAGE}?error=${error.code}`, 303);
        }
        throw error;
      }
      // the secret leaves the address bar (and the history) at once
      return reply.header("cache-control", "no-store").redirect(BACK_OFFICE_PAGE, 303);
    },
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/admin/session",
    summary: "Exchange a shop's admin token (role admin, signed with the shop secret) for a session, once",
    tags: ["back office"],
    auth: "none",
    body: SessionExchangeBody,
    response: AdminSessionResponse,
    handler: async ({ body, request, reply }) => {
      const started = await signInWithToken(ctx, body.token, meta(request));
      startCookie(request, reply, started, ctx.clock.now());
      reply.header("cache-control", "no-store");
      return {
        shop: { id: started.shop.id, name: started.shop.name },
        session: sessionView(started.session, started.session.id, DEFAULT_SESSION_POLICY),
        csrfToken: csrfTokenFor(started.secret),
      };
    },
  });

  route(app, resolvers, {
    method: "GET",
    url: "/v1/admin/session",
    summary: "The signed-in session: which shop, who, until when, and its CSRF token",
    tags: ["back office"],
    auth: "session",
    response: AdminSessionResponse,
    handler: async ({ signedIn, reply }) => {
      reply.header("cache-control", "no-store");
      return {
        shop: { id: signedIn.shop.id, name: signedIn.shop.name },
        session: sessionView(signedIn.session, signedIn.session.id, DEFAULT_SESSION_POLICY),
        csrfToken: signedIn.csrfToken,
      };
    },
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/admin/session/sign-out",
    summary: "End the signed-in session",
    tags: ["back office"],
    auth: "session",
    response: SignedOutResponse,
    handler: async ({ signedIn, request, reply }) => {
      await signOut(ctx, signedIn, request.id);
      clearSessionCookie(request, reply);
      return { signedOut: true as const };
    },
  });

  route(app, resolvers, {
    method: "GET",
    url: "/v1/admin/sessions",
    summary: "The shop's open back-office sessions, newest first",
    tags: ["back office"],
    auth: "shop-or-session",
    response: AdminSessionList,
    handler: async ({ shop, signedIn }) => ({
      sessions: await listSessions(ctx, shop.id, signedIn?.session.id ?? null),
    }),
  });

  route(app, resolvers, {
    method: "DELETE",
    url: "/v1/admin/sessions/:id",
    summary: "Revoke one of the shop's back-office sessions",
    tags: ["back office"],
    auth: "shop-or-session",
    params: SessionParams,
    response: RevokedResponse,
    handler: async ({ shop, params, source, signedIn, request, reply }) => {
      await revokeSession(ctx, shop.id, params.id, source);
      if (signedIn?.session.id === params.id) clearSessionCookie(request, reply);
      return { revoked: true as const, id: params.id };
    },
  });
}
