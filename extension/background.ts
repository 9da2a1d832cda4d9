import { onTokenChange, readToken, tokenStatus } from "./token.js";

/**
 * The background service worker. Sign-in and go-live notifications will live here (the
 * `notifications` permission is for them); for now it marks the toolbar button of a viewer who
 * is not signed in, so the popup that says so is one click away.
 */
const mark = (token: string | null) =>
  chrome.action.setBadgeText({ text: tokenStatus(token, Date.now()).signedIn ? "" : "!" }).catch(() => {});

chrome.runtime.onInstalled.addListener(() => {
  readToken().then(mark);
});
onTokenChange(mark);
