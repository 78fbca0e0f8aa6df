// Next.js calls register() once when a server process starts (dev and production).
// The Node-only start-up checks live in instrumentation-node.ts so the Edge
// compilation of this file never sees process.exit and friends.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
