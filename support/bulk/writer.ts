// The seeds write through the server's own bulk insert, the one the history import uses.
export { type Column, insertRows, type Row } from "../../server/store/bulk-insert.js";
