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
};
export type ExtensionWords = typeof en;
