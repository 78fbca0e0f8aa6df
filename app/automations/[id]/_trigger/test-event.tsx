"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { sampleEventAction } from "./actions";

/** How long one "Listen" waits for the sender, and how often it asks. */
const LISTEN_MS = 60_000;
const POLL_MS = 1_500;

type Event = Awaited<ReturnType<typeof sampleEventAction>>;

/**
 * "Listen for a test event": note the time, ask for an event newer than it until one
 * comes (docs/triggers.md, sample events). Events are real runs or queued events.
 */
export function TestEvent({ automationId }: { automationId: string }) {
  const [listening, setListening] = useState(false);
  const [event, setEvent] = useState<Event>(null);
  const [note, setNote] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(timer.current ?? undefined), []);

  const listen = () => {
    const since = new Date().toISOString();
    const until = Date.now() + LISTEN_MS;
    setListening(true);
    setNote("Listening… send an event to the trigger now.");
    const ask = async () => {
      const found = await sampleEventAction(automationId, since).catch(() => null);
      if (found) {
        setEvent(found);
        setNote(null);
        return setListening(false);
      }
      if (Date.now() < until) timer.current = setTimeout(() => void ask(), POLL_MS);
      else {
        setNote("Nothing arrived. Listen again once the sender is ready.");
        setListening(false);
      }
    };
    void ask();
  };

  return (
    <section className="card space-y-2" aria-labelledby="test-event-heading">
      <h2 id="test-event-heading">Test event</h2>
      <button type="button" className="button" onClick={listen} disabled={listening}>
        {listening ? "Listening…" : "Listen for a test event"}
      </button>
      {note ? <p role="status">{note}</p> : null}
      {event ? (
        <div className="space-y-1">
          <p>
            Received {event.receivedAt} ({event.kind}):
          </p>
          <pre className="overflow-x-auto text-sm" data-sample-event>
            {event.payload}
          </pre>
          <p className="muted">
            <Link href={`/automations/${automationId}/edit?sample=latest`}>
              Use as sample payload in the builder
            </Link>{" "}
            — its fields become the reference picker&apos;s {"{{ trigger.… }}"} choices.
          </p>
        </div>
      ) : null}
    </section>
  );
}
