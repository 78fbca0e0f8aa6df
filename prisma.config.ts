// Prisma CLI configuration (Prisma 7 reads this instead of `url` in schema.prisma).
//
// The datasource URL is only needed by commands that talk to a database
// (`prisma migrate deploy`, `prisma db pull`, ...). `prisma generate` must keep
// working without it, so the URL is passed only when DATABASE_URL is set
// (`env()` from prisma/config would throw when it is missing).
//
// On this project migrations are applied offline by `npm run db:migrate`
// (prisma/migrate.ts), which writes the same `_prisma_migrations` rows as
// `prisma migrate deploy`, so both can be used on the same database.
import { defineConfig } from "prisma/config";

const databaseUrl = process.env.DATABASE_URL;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
  },
  ...(databaseUrl ? { datasource: { url: databaseUrl } } : {}),
});
