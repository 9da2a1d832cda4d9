import type { AuditAction, AuditEntry } from "../../../../protocol/admin.js";
import type { HostLocale } from "../../../i18n/index.js";

/** Each kind of change in words; typed by the list of actions, so a new action cannot go unnamed. */
export const ACTION_WORDS: Record<HostLocale, Record<AuditAction, string>> = {
  en: {
    "config.update": "Program settings changed",
    "template.create": "Coupon template created",
    "template.update": "Coupon template edited",
    "template.pause": "Coupon template paused",
    "template.resume": "Coupon template resumed",
    "template.clone": "Coupon template copied",
    "mute.add": "Viewer muted",
    "mute.remove": "Viewer unmuted",
    "session.sign_in": "Signed in",
    "session.sign_out": "Signed out",
    "session.revoke": "Session ended",
    "viewer.adjust": "Points or growth adjusted",
    "coupon.grant": "Coupon granted by hand",
    "coupon.revoke": "Coupon revoked",
    "apikey.create": "API key created",
    "apikey.revoke": "API key revoked",
    "apikey.rotate": "API key rotated",
    "signingkey.rotate": "Signing key rotated",
    "product.create": "Product added",
    "product.update": "Product edited",
    "campaign.create": "Campaign added",
    "campaign.update": "Campaign changed",
    "campaign.delete": "Campaign deleted",
    "room.create": "Room created",
    "room.update": "Room renamed",
    "platform_room.map": "Platform room mapped",
    "platform_room.unmap": "Platform room removed",
    "viewer.export": "Viewer's data exported",
    "viewer.erase": "Viewer erased",
    "webhook.create": "Webhook endpoint added",
    "webhook.update": "Webhook endpoint changed",
    "webhook.delete": "Webhook endpoint deleted",
    "webhook.resend": "Webhook sent again",
    "shopify.connect": "Shopify store connected",
    "shopify.disconnect": "Shopify store disconnected",
  },
  "zh-CN": {
    "config.update": "修改了会员计划设置",
    "template.create": "创建了优惠券模板",
    "template.update": "编辑了优惠券模板",
    "template.pause": "暂停了优惠券模板",
    "template.resume": "恢复了优惠券模板",
    "template.clone": "复制了优惠券模板",
    "mute.add": "禁言了观众",
    "mute.remove": "解除了禁言",
    "session.sign_in": "登录",
    "session.sign_out": "退出登录",
    "session.revoke": "结束了会话",
    "viewer.adjust": "调整了积分或成长值",
    "coupon.grant": "手动发放了优惠券",
    "coupon.revoke": "作废了优惠券",
    "apikey.create": "创建了 API 密钥",
    "apikey.revoke": "吊销了 API 密钥",
    "apikey.rotate": "轮换了 API 密钥",
    "signingkey.rotate": "轮换了签名密钥",
    "product.create": "添加了商品",
    "product.update": "编辑了商品",
    "campaign.create": "新建了活动",
    "campaign.update": "修改了活动",
    "campaign.delete": "删除了活动",
    "room.create": "创建了直播间",
    "room.update": "修改了直播间名称",
    "platform_room.map": "关联了平台直播间",
    "platform_room.unmap": "移除了平台直播间",
    "viewer.export": "导出了观众数据",
    "viewer.erase": "删除了观众数据",
    "webhook.create": "添加了 Webhook 地址",
    "webhook.update": "修改了 Webhook 地址",
    "webhook.delete": "删除了 Webhook 地址",
    "webhook.resend": "重新发送了 Webhook",
    "shopify.connect": "连接了 Shopify 店铺",
    "shopify.disconnect": "断开了 Shopify 店铺",
  },
};

/**
 * Every kind of change, in the protocol's order: from the words (typed by the list of actions)
 * rather than protocol/admin.ts, whose zod schemas would bring zod into the console's bundle.
 */
export const ACTIONS = Object.keys(ACTION_WORDS.en) as AuditAction[];

/** Who made a change, as the log names them (protocol/admin.ts `Actor`), in words. */
export function actorWords(actor: string, locale: HostLocale): string {
  const [kind, ...rest] = actor.split(":");
  const who = rest.join(":");
  const en = locale === "en";
  switch (kind) {
    case "api":
      return en ? "The shop's system (API key)" : "店铺系统（API 密钥）";
    case "cli":
      return en ? "Command line" : "命令行";
    case "session":
      return en ? "Back office" : "后台";
    case "admin":
      return en ? `Back office: ${who}` : `后台：${who}`;
    case "host":
      return en ? `Host ${who}` : `主播 ${who}`;
    default:
      return actor;
  }
}

const named = (value: unknown, locale: HostLocale): string | null => {
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  for (const key of ["name", "title", "url"]) {
    const field = record[key];
    if (typeof field === "string" && field !== "") return field;
    if (typeof field === "object" && field !== null) {
      const text = (field as Record<string, unknown>)[locale];
      if (typeof text === "string" && text !== "") return text;
    }
  }
  return null;
};

/**
 * What a change was made to, as a person knows it: a template, product or key by its name, a room
 * by its title, an endpoint by its address, a platform room as "douyin · 7309…"; viewers and
 * coupons by the id or code the shop uses for them. The shop's settings and a session need none:
 * the action and who did it say it all.
 */
export function targetWords(entry: Pick<AuditEntry, "target" | "before" | "after">, locale: HostLocale): string | null {
  const { kind, id } = entry.target;
  if (kind === "config" || kind === "session") return null;
  if (kind === "platform_room") return id.replace(".", " · ");
  return named(entry.after, locale) ?? named(entry.before, locale) ?? id;
}

/** A value of before or after, short: text as is, the rest as JSON, long ones cut. */
export function shortValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/**
 * What a change changed: for two objects, each top-level field whose value differs, before and
 * after; otherwise the whole value before and after.
 */
export function changedFields(before: unknown, after: unknown): { field: string | null; from: string; to: string }[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return fields
      .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      .map((field) => ({ field, from: shortValue(before[field]), to: shortValue(after[field]) }));
  }
  if (before === null && after === null) return [];
  return [{ field: null, from: shortValue(before), to: shortValue(after) }];
}
