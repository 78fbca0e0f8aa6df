import { notFound } from "next/navigation";
import { AppError } from "../../worker/errors";

/** A page's data, or Next's 404 page when the row is not the actor's workspace's (or gone). */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
}
