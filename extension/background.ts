import { browserLanguages, pickLocale } from "../client/locale.js";
import type { ExtensionSignInAnswer } from "../protocol/extension.js";
import { goLive } from "./go-live-poll.js";
import { extensionWords } from "./i18n/index.js";
import { renewToken } from "./renewal.js";
import { acceptSignIn, renewAt } from "./session.js";
import { onTokenChange, readSession, readToken, saveSignIn, signOut, tokenStatus } from "./token.js";

/**
 * The background service worker: takes the viewer token from the shop's sign-in page, keeps it
 * renewed, marks the toolbar button of a viewer who is not signed in, and announces the followed
 * rooms' live starts (extension/go-live-poll.ts). A worker is stopped when idle, so the renewal
 * and the polls wait in alarms, not timers.
 */
const { server, shops } = __ENCORE_EXTENSION__;
const notices = goLive({
  server,
  shopPage: new URL(shops[0] ?? server).href,
  words: extensionWords[pickLocale(null, browserLanguages())],
});
notices.listen();
const RENEW_ALARM = "encore:renew";
/** a renewal that failed for the network's sake is tried again this soon */
const RETRY_MS = 60_000;
/**
 * no renewal comes sooner than this after the last: a shop that answers with a token no
 * longer-lived than the one it replaces must not be asked again in a loop (and Chrome holds
 * alarms to 30 s anyway)
 */
const MIN_GAP_MS = 30_000;

const mark = (token: string | null) =>
  chrome.action.setBadgeText({ text: tokenStatus(token, Date.now()).signedIn ? "" : "!" }).catch(() => {});

async function schedule(token: string | null) {
  await chrome.alarms.clear(RENEW_ALARM);
  const when = token ? renewAt(token, Date.now()) : null;
  if (when !== null) await chrome.alarms.create(RENEW_ALARM, { when: Math.max(when, Date.now() + MIN_GAP_MS) });
}

async function renew() {
  const [token, session] = await Promise.all([readToken(), readSession()]);
  if (!token || !session) return;
  const result = await renewToken(session.renew, token);
  if (result.status === "renewed") await saveSignIn(result.token, session);
  else if (result.status === "refused") await signOut();
  else await chrome.alarms.create(RENEW_ALARM, { when: Date.now() + RETRY_MS });
}

// Only the shop's pages reach here (externally_connectable), and acceptSignIn checks again: a
// message from any other origin, or of any other shape, is dropped without an answer.
chrome.runtime.onMessageExternal.addListener((message, sender, sendResponse) => {
  const signIn = acceptSignIn(message, sender.origin, shops);
  if (!signIn) return;
  saveSignIn(signIn.token, { room: signIn.room, renew: signIn.renew }).then(() =>
    sendResponse({ ok: true } satisfies ExtensionSignInAnswer),
  );
  return true;
});

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === RENEW_ALARM) void renew();
});

const settle = (token: string | null) => {
  void mark(token);
  void schedule(token);
  // signed in: learn the followed rooms now, then by the alarm; signed out: stop polling
  void notices.poll();
};
chrome.runtime.onInstalled.addListener(() => {
  readToken().then(settle);
});
chrome.runtime.onStartup.addListener(() => {
  readToken().then(settle);
});
onTokenChange(settle);
