import { PanelEvent, type ReferralConfig } from "../../protocol/index.js";
import { shopApi } from "../../support/commerce.js";
import { call, type TestServer } from "../../support/server.js";

/** Changes the shop's referral settings over PUT /v1/config. */
export async function setReferrals(server: TestServer, referrals: Partial<ReferralConfig>): Promise<void> {
  const config = (await shopApi(server, "/v1/config")).body;
  const { status, body } = await shopApi(server, "/v1/config", {
    method: "PUT",
    body: { ...config, referrals: { ...(config.referrals as object), ...referrals } },
  });
  if (status !== 200) throw new Error(`config refused: ${JSON.stringify(body)}`);
}

/** The viewer's invite code, as their invite card asks for it. */
export async function inviteCodeOf(server: TestServer, viewerId: string): Promise<string> {
  const socket = await server.connect({ token: await server.token(viewerId) });
  const card = await call(socket, PanelEvent.referral, {});
  socket.disconnect();
  if (!card.ok) throw new Error(`invite card refused: ${card.error.code}`);
  return card.data.code;
}
