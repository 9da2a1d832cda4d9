import type { Role } from "../../protocol/index.js";

/** Who is behind a socket once their token checked out; guests have none. */
export interface Identity {
  shopId: string;
  viewerId: string;
  role: Role;
  name: string | null;
}
