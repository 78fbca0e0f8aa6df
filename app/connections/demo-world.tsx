import { ExternalLink } from "lucide-react";
import { ConnectorIcon } from "../_components/connector-icon";
import { DEMO_APPS, DEMO_MODE_WORDS, demoApisUrl, demoMode } from "../_server/demo/demo-apps";
import { getDemoModes } from "../_server/demo/get-demo-modes";
import { getConnector } from "../../connectors/registry";
import { setDemoModeAction } from "./demo-actions";

/**
 * The demo world, where it runs (`npm start`, `npm run dev`): what its apps received, and a
 * switch per app to make every call fail or go slow, to see retries and failure reports.
 */
export async function DemoWorld({ notice }: { notice?: string }) {
  const apisUrl = demoApisUrl();
  if (!apisUrl) return null;
  const modes = await getDemoModes(apisUrl).catch(() => null);
  return (
    <section id="demo-world" aria-labelledby="demo-world-heading" className="card mt-8">
      <h2 id="demo-world-heading" className="mt-0">
        Demo world
      </h2>
      <p className="text-sm text-slate-600">
        Two small apps on this machine to try Switchyard without any real account: connect them
        above (any name and password work).{" "}
        <a
          href={apisUrl}
          target="_blank"
          rel="noreferrer"
          className="inline-flex items-center gap-1"
        >
          See what your automations posted
          <ExternalLink aria-hidden="true" className="size-3.5" />
        </a>
      </p>
      {notice ? (
        <p className="notice ok" role="status">
          {notice}
        </p>
      ) : null}
      {modes === null ? (
        <p className="notice warn">The demo apps are not answering.</p>
      ) : (
        <ul className="mt-3 space-y-2">
          {DEMO_APPS.map((app) => (
            <li key={app.id} data-demo-app={app.id} data-demo-mode={modes[app.id]}>
              <form action={setDemoModeAction} className="flex flex-wrap items-center gap-2">
                <input type="hidden" name="app" value={app.id} />
                <label htmlFor={`demo-${app.id}`} className="flex min-w-40 items-center gap-1">
                  <ConnectorIcon name={getConnector(app.id)?.icon ?? "plug"} /> {app.name}
                </label>
                <select
                  id={`demo-${app.id}`}
                  name="mode"
                  defaultValue={modes[app.id]}
                  className="max-w-64"
                >
                  {demoMode.options.map((mode) => (
                    <option key={mode} value={mode}>
                      {DEMO_MODE_WORDS[mode]}
                    </option>
                  ))}
                </select>
                <button type="submit" aria-label={`Switch ${app.name}`}>
                  Switch
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
