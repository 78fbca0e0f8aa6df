import {
  AtSign,
  FileText,
  GitBranch,
  Globe,
  Hash,
  Mail,
  Megaphone,
  MessageCircle,
  MessagesSquare,
  Plug,
  Sheet,
  Table,
  Ticket,
  Wrench,
  type LucideIcon,
} from "lucide-react";
import type { ConnectorIcon as IconName } from "../../connectors/_sdk/define";

// SVG icons, not emoji: emoji need a colour-emoji font, which many servers' and
// phones' browsers lack (they showed as boxes).
const ICONS: Record<IconName, LucideIcon> = {
  "at-sign": AtSign,
  "file-text": FileText,
  "git-branch": GitBranch,
  globe: Globe,
  hash: Hash,
  mail: Mail,
  megaphone: Megaphone,
  "message-circle": MessageCircle,
  "messages-square": MessagesSquare,
  plug: Plug,
  sheet: Sheet,
  table: Table,
  ticket: Ticket,
  wrench: Wrench,
};

/** A connector's icon, decorative: its name is always written beside it. */
export function ConnectorIcon({ name }: { name: IconName }) {
  const Icon = ICONS[name];
  return <Icon aria-hidden="true" className="inline size-4 shrink-0 align-[-3px] text-slate-500" />;
}
