import { defineConnector } from "../_sdk/define";
import { passData } from "./pass-data";

export const utilConnector = defineConnector({
  id: "util",
  displayName: "Utilities",
  icon: "wrench",
  provider: null,
  auth: { kind: "none" },
  noNetwork: true,
  actions: [passData],
});
