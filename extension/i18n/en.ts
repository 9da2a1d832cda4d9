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
  /** the popup's list of followed rooms, and the go-live notification */
  following: "Following",
  liveNow: "Live now",
  remindOn: "Off air · you'll get a notification when it goes live",
  remindOff: "Off air · reminders off",
  followingLoading: "Loading the streamers you follow…",
  goLiveTitle: (title: string) => `${title} is live now`,
  goLiveMessage: "Open the live room to watch and earn points.",
};
export type ExtensionWords = typeof en;
