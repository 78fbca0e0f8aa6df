"use client";

import { useEffect, useRef, useState } from "react";

/**
 * An email as a mail client shows it: its untrusted HTML in a sandbox that runs no
 * scripts, as tall as its content (a phone's narrow frame makes it long, and a fixed
 * height hid the buttons at its end), its links opening in a new tab.
 */
export function EmailPreview({ html }: { html: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState<number | null>(null);

  useEffect(() => {
    const fit = () => {
      // Same origin (allow-same-origin) so this page can measure it; still no scripts in it.
      const doc = frame.current?.contentDocument;
      if (doc?.readyState === "complete") setHeight(doc.documentElement.scrollHeight);
    };
    fit(); // The frame may have loaded before this page's scripts did.
    const current = frame.current;
    current?.addEventListener("load", fit);
    window.addEventListener("resize", fit);
    return () => {
      current?.removeEventListener("load", fit);
      window.removeEventListener("resize", fit);
    };
  }, [html]);

  return (
    <iframe
      ref={frame}
      title="Message"
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      srcDoc={withLinksInNewTab(html)}
      style={{ height: height ?? 384 }}
      className="w-full rounded border bg-white"
    />
  );
}

function withLinksInNewTab(html: string): string {
  const base = '<base target="_blank">';
  return /<head[^>]*>/i.test(html)
    ? html.replace(/<head[^>]*>/i, (head) => `${head}${base}`)
    : `${base}${html}`;
}
