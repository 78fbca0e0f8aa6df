import type { ReactNode } from "react";
import "./globals.css";

export const metadata = {
  title: "Switchyard",
  description: "Integration automation whose failures are explicit",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="top">
          <a href="/">Switchyard</a>
          <nav>
            <a href="/">Runs</a>
            <a href="/connections">Connections</a>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
