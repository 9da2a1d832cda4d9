import type { ClaimRefusal } from "../../protocol/live.js";
import type { ScreenErrorCode } from "./codes.js";
import type { ScreenMessages } from "./en.js";

const errors: Record<ScreenErrorCode, string> = {
  bad_request: "请求无法识别。",
  payload_too_large: "内容太长了。",
  rate_limited: "操作太快了，请稍后再试。",
  unauthorized: "请重新登录。",
  token_invalid: "登录状态无效，请重新登录。",
  token_expired: "登录已过期，请重新登录。",
  token_alg: "登录状态无效，请重新登录。",
  token_claims: "登录信息不完整，请重新登录。",
  wrong_shop: "该登录属于其他店铺。",
  origin_not_allowed: "该店铺未在此网站启用 Encore。",
  forbidden: "没有权限进行此操作。",
  guest: "登录后即可参与。",
  room_not_found: "该直播间不存在。",
  viewer_not_found: "未找到你的会员账户。",
  not_found: "未找到相关内容。",
  insufficient_points: "积分还不够。",
  offer_none: "现在没有福利活动。",
  offer_ended: "本轮福利已结束。",
  sold_out: "已抢光。",
  already_claimed: "你已经抢到过了。",
  tier_too_low: "该福利仅限更高等级会员。",
  muted: "你暂时无法在本直播间发言。",
  comment_blocked: "该评论无法发送。",
  video_not_configured: "这个直播间还没有开通视频。",
  internal: "服务出了点问题，请重试。",
  timeout: "服务器没有响应，请检查网络后重试。",
  offline: "未发送：网络已断开，恢复连接后请重试。",
};

const refusals: Record<ClaimRefusal, string> = {
  sold_out: "已抢光，下一轮再来！",
  already_claimed: "你已经抢到过这一轮了。",
  tier_too_low: "该福利仅限更高等级，继续观看升级吧。",
  offer_ended: "来晚了，本轮已结束。",
  guest: "登录后才能抢福利。",
  muted: "你暂时无法参与。",
  template_paused: "店铺已暂停发放本次福利券。",
  room_gated: "粉丝专场，需更高等级。",
  not_drawn: "这次没抽中，下一轮加油！",
};

export const zhCN: ScreenMessages = {
  locale: "zh-CN",
  brand: "Encore",
  status: {
    connecting: "连接中…",
    reconnecting: "重新连接中…显示的是最近的数据",
    offline: "已离线",
    retry: "重试",
    stale: "可能不是最新",
  },
  points: "积分",
  gain: (n) => `+${n}`,
  gainAnnounce: (n) => `获得 ${n} 积分`,
  openPanel: "打开我的会员",
  memberPerks: "会员权益",
  collapse: "收起",
  expand: "展开",
  login: { title: "登录领积分" },
  chat: { placeholder: "说点什么…", send: "发送", label: "评论", ticker: "直播评论" },
  deal: {
    won: "抢到了！优惠券已放入卡包。",
    entered: "已参与抽奖，倒计时结束开奖。",
    announce: (name, keyword, stock) => `直播福利：${name}。评论${keyword}立即抢，共 ${stock} 份。`,
    refusals,
  },
  lazy: { loading: "加载中…", failed: "没能加载出来。", retry: "重试" },
  // the inbox's list and switch are the panel's words
  inbox: { title: "为你" },
  // the card's and the shelf's own words are the panels' (widget/panels/words/)
  product: {
    shelf: "商品",
  },
  errors,
  unknownError: "出了点问题，请重试。",
};
export default zhCN;
