import { getPrisma } from "../../prisma/client";

/** The app's Prisma client (one per process; DATABASE_URL is set by the start script). */
export const db = () => getPrisma();
