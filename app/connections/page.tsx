import { availableConnectors } from "../../connectors/registry";
import { isConfigured } from "../../worker/connections/provider-config";
import { ConnectorIcon } from "../_components/connector-icon";
import { currentActor } from "../_lib/actor";
import { db } from "../_lib/db";
import { listConnections } from "../_server/connections/list-connections";
import { describeLimits } from "../../worker/connections/limits";
import { createApiKeyConnectionAction, disconnectConnectionAction } from "./actions";
import { DemoWorld } from "./demo-world";
import { LimitsForm } from "./limits-form";
import { NangoConnectButton } from "./nango-connect-button";

export const dynamic = "force-dynamic";

const HEALTH_LABEL = {
  connected: "connected",
  expiring: "token expires within the hour (refreshed on next use)",
  broken: "broken — reconnect to resume waiting steps",
  revoked: "disconnected",
} as const;

function when(d: Date | null) {
  return d ? d.toISOString().replace("T", " ").slice(0, 19) : "—";
}

export default async function ConnectionsPage({
  searchParams,
}: {
  searchParams: Promise<{
    error?: string;
    connected?: string;
    resumed?: string;
    demo?: string;
    limits?: string;
  }>;
}) {
  const params = await searchParams;
  const actor = await currentActor();
  const connections = await listConnections(db(), actor.workspaceId);
  const connectable = availableConnectors().filter((c) => c.auth.kind !== "none");
  // With NANGO_SECRET_KEY set, Nango holds real providers' accounts; demo ones stay built in.
  const nangoHost = process.env.NANGO_SECRET_KEY
    ? (process.env.NANGO_HOST ?? "https://api.nango.dev")
    : null;
  return (
    <>
      <h1>Connections</h1>
      {params.error ? (
        <p className="notice error" role="alert">
          {params.error}
        </p>
      ) : null}
      {params.connected ? (
        <p className="notice ok" role="status">
          Connected.
          {params.resumed && params.resumed !== "0"
            ? ` ${params.resumed} waiting step(s) resumed.`
            : ""}
        </p>
      ) : null}
      {params.limits ? (
        <p className="notice ok" role="status">
          Limits saved.
        </p>
      ) : null}

      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>Account</th>
              <th>Health</th>
              <th>Limits</th>
              <th>Last used</th>
              <th>Last error</th>
              <th>Used by</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {connections.length === 0 ? (
              <tr>
                <td colSpan={7}>No connections yet: connect an account below.</td>
              </tr>
            ) : null}
            {connections.map((c) => (
              <tr key={c.id} data-connection-id={c.id} data-health={c.health}>
                <td>
                  <ConnectorIcon name={c.icon} /> <strong>{c.connectorName}</strong> — {c.label}
                  <div className="muted">
                    {c.authKind === "api_key" ? "API key" : "OAuth"} · {c.backend} · id {c.id}
                  </div>
                </td>
                <td className={`health-${c.health}`}>{HEALTH_LABEL[c.health]}</td>
                <td data-limits>
                  {describeLimits(c.limits)}
                  <LimitsForm
                    connectionId={c.id}
                    name={`${c.connectorName} — ${c.label}`}
                    limits={c.limits}
                  />
                </td>
                <td>{when(c.lastUsedAt)}</td>
                <td>{c.lastError ? `${when(c.lastErrorAt)}: ${c.lastError}` : "—"}</td>
                <td>{c.usedBy.length ? c.usedBy.map((a) => a.name).join(", ") : "—"}</td>
                <td className="actions">
                  {c.authKind === "oauth2" && c.backend === "builtin" ? (
                    <a
                      className="button"
                      href={`/api/oauth/start?connector=${c.connectorId}&connection=${c.id}`}
                    >
                      Reconnect
                    </a>
                  ) : null}
                  {c.health !== "revoked" ? (
                    <form action={disconnectConnectionAction}>
                      <input type="hidden" name="connectionId" value={c.id} />
                      <button type="submit">Disconnect</button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Connect an account</h2>
      <ul className="connectors">
        {connectable.map((connector) => (
          <li key={connector.id}>
            <span>
              <ConnectorIcon name={connector.icon} /> {connector.displayName}
            </span>
            {nangoHost && !connector.demo ? (
              <NangoConnectButton
                connectorId={connector.id}
                label={connector.displayName}
                apiUrl={nangoHost}
              />
            ) : connector.auth.kind === "oauth2" ? (
              isConfigured(connector.id) ? (
                <a className="button" href={`/api/oauth/start?connector=${connector.id}`}>
                  Connect {connector.displayName}
                </a>
              ) : (
                <span className="muted">
                  set SWITCHYARD_OAUTH_{connector.id.toUpperCase().replace(/-/g, "_")}_CLIENT_ID and
                  _CLIENT_SECRET to enable
                </span>
              )
            ) : (
              <form action={createApiKeyConnectionAction}>
                <input type="hidden" name="connectorId" value={connector.id} />
                <input
                  name="label"
                  placeholder="Label (optional)"
                  aria-label={`${connector.displayName} label`}
                />
                <input
                  name="apiKey"
                  type="password"
                  required
                  placeholder="API key"
                  aria-label={`${connector.displayName} API key`}
                />
                <button type="submit">Save {connector.displayName} key</button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <DemoWorld notice={params.demo} />
    </>
  );
}
