#!/usr/bin/env node
import { runCommand } from "./commands.js";

runCommand(process.argv.slice(2), process.env).catch((error) => {
  console.error(`encore-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
