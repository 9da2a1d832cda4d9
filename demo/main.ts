#!/usr/bin/env node
// `npm start`: the plain server with the demo shop seeded, its backend mounted, and the links printed.
import { runCommand } from "../server/commands.js";
import { DEMO_ROOM_ID, DEMO_SHOP_ID, seedDemo } from "./seed.js";
import { registerDemoBackend } from "./shop-backend.js";
import { currentKeyOf } from "./signing-key.js";

// the demo backend's API key and signing key, known once the demo shop is seeded (before the first page can call)
let apiKey = "";

runCommand(process.argv.slice(2), process.env, {
  routes: (options) => (http, ctx) =>
    registerDemoBackend(http, ctx, {
      shopId: DEMO_SHOP_ID,
      roomId: DEMO_ROOM_ID,
      apiKey: () => apiKey,
      signingKey: currentKeyOf(ctx, DEMO_SHOP_ID),
      video: options.agora ? "agora" : "none",
    }),
  async started(url, store) {
    const links = await seedDemo(store, url, Date.now());
    apiKey = links.apiKey;
    console.log(
      `\n  viewer page:  ${links.viewer}\n  2nd viewer:   ${links.secondViewer}\n  host console: ${links.host}`,
    );
    // one use, 10 minutes; `npm run encore-server -- admin-link --shop ${DEMO_SHOP_ID}` prints another
    console.log(
      `  back office:  ${links.admin}\n                (one use, valid 10 minutes; another: npm run encore-server -- admin-link --shop ${DEMO_SHOP_ID} --url ${url})`,
    );
    console.log(`  API docs:     ${url}/docs\n  demo shop secret: ${links.shopSecret}`);
    // the port it really listens on (--port 0 picks a free one), and the secret, so the crowd
    // needs neither the default port nor this server's database
    console.log(
      `  busy room:    npm run demo:crowd -- --viewers 300 --room ${DEMO_ROOM_ID} --url ${url} --secret ${links.shopSecret}\n`,
    );
  },
}).catch((error) => {
  console.error(`encore: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
