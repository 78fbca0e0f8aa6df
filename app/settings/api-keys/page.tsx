import { currentActor } from "../../_lib/actor";
import { db } from "../../_lib/db";
import { listApiKeys } from "../../_server/api-keys/list-api-keys";
import { revokeApiKeyAction } from "./actions";
import { CreateKeyForm } from "./create-key-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "API keys — Switchyard" };

function when(d: Date | null) {
  return d ? d.toISOString().replace("T", " ").slice(0, 16) : "—";
}

export default async function ApiKeysPage(props: { searchParams: Promise<{ error?: string }> }) {
  const actor = await currentActor();
  const keys = await listApiKeys(db(), actor);
  const { error } = await props.searchParams;
  return (
    <>
      <h1>API keys</h1>
      {error ? (
        <p role="alert" className="notice error">
          {error}
        </p>
      ) : null}
      <p>
        A key acts as you in this workspace on the REST API: send it as{" "}
        <code>Authorization: Bearer sy_…</code>. The API is described at{" "}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
      </p>
      <CreateKeyForm />
      <h2>Keys</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Created by</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {keys.length === 0 ? (
              <tr>
                <td colSpan={7}>No API keys yet.</td>
              </tr>
            ) : null}
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.user.name}</td>
                <td>{when(k.createdAt)}</td>
                <td>{when(k.lastUsedAt)}</td>
                <td>{k.revokedAt ? `revoked ${when(k.revokedAt)}` : "active"}</td>
                <td>
                  {k.revokedAt ? null : (
                    <form action={revokeApiKeyAction}>
                      <input type="hidden" name="keyId" value={k.id} />
                      <button type="submit" aria-label={`Revoke ${k.name}`}>
                        Revoke
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
