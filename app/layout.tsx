import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: "Switchyard", description: "Integration automation whose failures are explicit" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="top">
          <a href="/">Switchyard</a>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
