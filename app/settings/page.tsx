import Link from "next/link";
import { currentActor } from "../_lib/actor";
import { db } from "../_lib/db";
import { getAccountSummary } from "../_server/accounts/get-account-summary";
import { WebhookQuota } from "./webhook-quota";
import { WorkerGroups } from "./worker-groups";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings — Switchyard" };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default async function SettingsPage() {
  const actor = await currentActor();
  const summary = await getAccountSummary(db(), actor);
  const sections = [
    {
      href: "/settings/api-keys",
      title: "API keys",
      what: "Keys for the REST API and the command line, acting as you in this workspace.",
      count: plural(summary.activeApiKeys, "active key", "active keys"),
    },
    {
      href: "/connections",
      title: "Connections",
      what: "The accounts in other apps that your automations act with.",
      count: plural(summary.connections, "connected account", "connected accounts"),
    },
    {
      href: "/mailbox",
      title: "Mailbox",
      what: "Every email Switchyard sent for this workspace: reports, failure notices, approval requests.",
      count: null,
    },
  ];
  return (
    <>
      <h1>Settings</h1>
      <section className="card mb-6" aria-label="Account">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Signed in as</dt>
          <dd className="break-words">
            {summary.name} ({summary.email})
          </dd>
          <dt className="text-slate-500">Workspace</dt>
          <dd className="break-words">
            {summary.workspaceName} · you are its {summary.role}
          </dd>
        </dl>
      </section>
      <ul className="grid gap-3 sm:grid-cols-2">
        {sections.map((section) => (
          <li key={section.href} className="card">
            <Link href={section.href} className="font-semibold">
              {section.title}
            </Link>
            <p className="mt-1 text-sm text-slate-600">{section.what}</p>
            {section.count ? <p className="muted mt-1">{section.count}</p> : null}
          </li>
        ))}
      </ul>
      <WebhookQuota workspaceId={actor.workspaceId} />
      <WorkerGroups />
    </>
  );
}
