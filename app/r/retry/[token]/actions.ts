"use server";

import { redirect } from "next/navigation";
import { retryFromLink } from "../../../../worker/reports/retry-from-link";
import { db } from "../../../_lib/db";
import { appErrorMessage } from "../../../_lib/http-errors";

/** Only this POST retries; opening the emailed link shows a confirmation. */
export async function confirmRetry(token: string) {
  let target: string;
  try {
    target = `/runs/${await retryFromLink(db(), token, new Date())}`;
  } catch (err) {
    target = `/r/retry/${encodeURIComponent(token)}?error=${encodeURIComponent(appErrorMessage(err))}`;
  }
  redirect(target);
}
