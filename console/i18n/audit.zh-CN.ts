import type { auditEn } from "./audit.en.js";

/** 后台「操作记录」一节的中文，与 audit.en.ts 逐键对应；并入 zh-CN.ts。 */
export const auditZhCN: typeof auditEn = {
  auditTitle: "操作记录",
  audAction: "操作类型",
  audAll: "全部操作",
  audFrom: "开始日期",
  audTo: "结束日期",
  audApply: "查看",
  audCsv: "下载 CSV",
  audCsvHint: "按当前条件，最近 500 条",
  audOlder: "更早的记录",
  audEmpty: "没有符合条件的记录。",
  audLoading: "正在读取…",
  audDetails: "改了什么",
  audNothing: "除操作本身外没有其他变化。",
};
