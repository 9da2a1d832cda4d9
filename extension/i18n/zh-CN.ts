import type { ExtensionWords } from "./en.js";

export const zhCN: ExtensionWords = {
  name: "Encore 直播会员",
  description: "在各大直播平台上参与主播自己的会员计划：看直播得积分、会员等级和专属优惠券。",
  popupTitle: "Encore",
  signedIn: "已登录",
  signedInAs: (name: string) => `已登录：${name}`,
  signedOut: "未登录",
  signedOutHint: "当前以游客身份观看：通过主播店铺登录后即可赚取积分。",
  signIn: "登录",
  signOut: "退出登录",
  signInHint: "通过主播的店铺登录后，你的积分、优惠券和消息都会显示在这里。",
  sessionEnded: "登录已失效，请重新登录。",
  connecting: "正在加载会员信息…",
  couldNotLoad: "暂时连不上 Encore，正在重试。",
  following: "关注",
  liveNow: "直播中",
  remindOn: "未开播 · 开播时会通知你",
  remindOff: "未开播 · 已关闭开播提醒",
  followingLoading: "正在加载关注的主播…",
  goLiveTitle: (title: string) => `${title} 开播了`,
  goLiveMessage: "打开直播间，边看边赚积分。",
};
