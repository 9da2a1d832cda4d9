import { minutes } from "../../i18n/minutes.js";
import type { PanelMessages } from "./en.js";

export const zhCN: PanelMessages = {
  pointsShort: "积分",
  closePanel: "关闭",
  tabs: { me: "我的", coupons: "优惠券", exchange: "积分兑换" },
  tier: {
    toNext: (remaining, name) => `再获得 ${remaining.toLocaleString("zh-CN")} 成长值升级${name}`,
    top: "已是最高等级",
    perks: "我的权益",
    nextPerks: (name) => `升级${name}解锁`,
    up: (name) => `恭喜升级为${name}！`,
    growth: "成长值",
    multiplier: (m) => `观看积分 ×${m}`,
  },
  watch: {
    nextBlock: (points, blockSeconds) => `再看满 ${minutes(blockSeconds)} 分钟 +${points}`,
    today: (n, cap) => `今日 ${n}/${cap}`,
    capped: "今日观看积分已满",
  },
  memberDay: "会员日：今日观看积分翻倍",
  exchange: {
    empty: "暂时没有可兑换的优惠券。",
    cost: (n) => `${n.toLocaleString("zh-CN")} 积分`,
    action: "兑换",
    busy: "兑换中…",
    left: (n) => `剩 ${n} 张`,
    needs: (n) => `还差 ${n.toLocaleString("zh-CN")} 积分`,
  },
  chest: { title: "宝箱！", open: (n) => `打开宝箱 +${n}`, opening: "开启中…" },
  video: { play: "观看直播" },
  remind: { off: "开播提醒我", on: "已设置提醒", label: "开播提醒", offAir: "直播已结束" },
  card: {
    newBuyerTitle: "感谢首单支持！",
    newBuyerBody: "和你买的很搭：",
    howItWorks: "每消费 ¥1、每观看一分钟都会增加成长值；等级越高，权益越多。",
    dormantTitle: "欢迎回来！",
    dormantBody: (n) => `你还有 ${n.toLocaleString("zh-CN")} 积分待使用。`,
    dismiss: "知道了",
  },
};
