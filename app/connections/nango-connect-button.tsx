"use client";

import Nango from "@nangohq/frontend";
import { useState } from "react";

/**
 * With the Nango backend, connecting opens Nango's Connect UI with a session
 * our server created; Nango's webhook then records the connection, so the
 * page only has to reload once the UI reports success.
 */
export function NangoConnectButton(props: { connectorId: string; label: string; apiUrl?: string }) {
  const [error, setError] = useState<string | null>(null);
  const connect = async () => {
    setError(null);
    const response = await fetch("/api/nango/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ connectorId: props.connectorId }),
    });
    const body = (await response.json()) as { token?: string; error?: { message: string } };
    if (!response.ok || !body.token) {
      setError(body.error?.message ?? "Could not start Nango Connect");
      return;
    }
    const nango = new Nango({ connectSessionToken: body.token, host: props.apiUrl });
    nango.openConnectUI({
      sessionToken: body.token,
      apiURL: props.apiUrl,
      onEvent: (event) => {
        if (event.type === "connect") setTimeout(() => window.location.reload(), 1_000);
      },
    });
  };
  return (
    <span>
      <button type="button" onClick={() => void connect()}>
        Connect {props.label} with Nango
      </button>
      {error ? <span className="muted"> {error}</span> : null}
    </span>
  );
}
