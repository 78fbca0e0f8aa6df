import { Activity, CircleCheck, Inbox, Plug, Settings, Workflow } from "lucide-react";
import Link from "next/link";
import { AccountMenu } from "./account-menu";

const LINKS = [
  ["/", "Runs", Activity],
  ["/automations", "Automations", Workflow],
  ["/connections", "Connections", Plug],
  ["/approvals", "Approvals", CircleCheck],
  ["/mailbox", "Mailbox", Inbox],
  ["/settings", "Settings", Settings],
] as const;

/** The one navigation bar; it wraps onto a second line on a phone instead of hiding. */
export function SiteHeader() {
  return (
    <header className="bg-slate-900 text-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="text-base font-semibold text-white no-underline">
          Switchyard
        </Link>
        <nav aria-label="Main" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {LINKS.map(([href, label, Icon]) => (
            <Link
              key={href}
              href={href}
              className="inline-flex items-center gap-1 text-slate-200 hover:text-white"
            >
              <Icon aria-hidden="true" className="size-4" />
              {label}
            </Link>
          ))}
        </nav>
        <AccountMenu />
      </div>
    </header>
  );
}
