export const en = {
  /** the store listing and the toolbar (manifest.json through _locales/) */
  name: "Encore for live rooms",
  description:
    "Your favourite streamers' loyalty program on the live platforms: points for watching, member tiers and coupons.",
  popupTitle: "Encore",
  signedIn: "Signed in",
  signedInAs: (name: string) => `Signed in as ${name}`,
  signedOut: "Not signed in",
  signedOutHint: "You watch as a guest: sign in through your streamer's shop to earn points.",
  signIn: "Sign in",
  signOut: "Sign out",
  signInHint: "Sign in through your streamer's shop: your points, coupons and messages then appear here.",
  sessionEnded: "Your sign-in has ended. Please sign in again.",
  connecting: "Loading your membership…",
  couldNotLoad: "Could not reach Encore. It will keep trying.",
};
export type ExtensionWords = typeof en;
