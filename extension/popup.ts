import { browserLanguages, pickLocale } from "../client/locale.js";
import { extensionWords } from "./i18n/index.js";
import { onTokenChange, readToken, tokenStatus } from "./token.js";

/**
 * The toolbar popup, for now only whether the viewer is signed in (sign-in, points and the
 * followed streamers come next). Plain DOM: it is one line of text.
 */
const locale = pickLocale(null, browserLanguages());
const words = extensionWords[locale];
document.documentElement.lang = locale;
document.title = words.popupTitle;

function show(token: string | null) {
  const { signedIn, name } = tokenStatus(token, Date.now());
  const status = document.getElementById("status");
  const hint = document.getElementById("hint");
  if (!status || !hint) return;
  status.textContent = signedIn ? (name ? words.signedInAs(name) : words.signedIn) : words.signedOut;
  status.dataset.signedIn = String(signedIn);
  hint.textContent = signedIn ? "" : words.signedOutHint;
  hint.hidden = signedIn;
}

const title = document.getElementById("title");
if (title) title.textContent = words.popupTitle;
readToken().then(show);
onTokenChange(show);
