import { h, render } from "preact";
import { browserLanguages, pickLocale } from "../client/locale.js";
import { openShadowRoot } from "../widget/core/shadow-host.js";
import { signal } from "../widget/core/signals.js";
import { bundled } from "../widget/i18n/bundled.js";
import type { ScreenMessages } from "../widget/i18n/index.js";
import { createPanels } from "../widget/lazy/panels.js";
import inboxCss from "../widget/panels/inbox.css?inline";
import membershipCss from "../widget/panels/membership.css?inline";
import widgetCss from "../widget/ui/styles.css?inline";
import { fetchFollowing } from "./following.js";
import { extensionWords } from "./i18n/index.js";
import { followingModel } from "./popup/following-model.js";
import { Popup, type Tab } from "./popup/Popup.js";
import { popupSession } from "./popup/session-model.js";
import popupCss from "./popup.css?inline";
import { onTokenChange, readSession, readToken, signOut } from "./token.js";

/**
 * The toolbar popup: the signed-in viewer's points, tier and progress, coupon wallet, inbox and
 * followed rooms, drawn by the widget's own models and parts in a shadow root with the widget's
 * stylesheets; or, signed out, the way to the shop's sign-in page. In the browser's language.
 */
const { server, signIn, shops } = __ENCORE_EXTENSION__;
const locale = pickLocale(null, browserLanguages());
const words = extensionWords[locale];
document.documentElement.lang = locale;
document.title = words.popupTitle;

const openSignIn = () => {
  const url = new URL(signIn);
  // the shop's page hands the token to this extension by its id (chrome.runtime.sendMessage)
  url.searchParams.set("extension", chrome.runtime.id);
  void chrome.tabs.create({ url: url.href });
};

const host = document.getElementById("popup") as HTMLElement;
const { shadowRoot, root } = openShadowRoot(host, [widgetCss, membershipCss, inboxCss, popupCss].join("\n"));
const session = popupSession({
  server,
  token: { read: readToken, onChange: onTokenChange },
  session: readSession,
  signOut,
  openSignIn,
});
const following = followingModel({
  token: { read: readToken, onChange: onTokenChange },
  session: readSession,
  fetch: (room, token) => fetchFollowing(server, room, token),
});
render(
  h(Popup, {
    state: session.state,
    words,
    widget: { m: bundled[locale] as ScreenMessages, locale },
    // every part the popup shows is imported above: it loads no panel
    panels: createPanels(undefined, shadowRoot),
    tab: signal<Tab>("me"),
    following: following.state,
    shopPage: new URL(shops[0] ?? server).href,
    openSignIn,
    signOut: () => void signOut(),
  }),
  root,
);
