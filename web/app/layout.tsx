import "@rainbow-me/rainbowkit/styles.css";
import "./globals.css";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ConfiguredApp } from "../src/components/configured-app.tsx";

export const metadata: Metadata = {
  title: "VM on Golem",
  description: "Rent a Linux VM, pay by the second through an on-chain stream, SSH in.",
};

// A static page: the chain, deployment and peers come from the site's config.json at run time.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <ConfiguredApp>{children}</ConfiguredApp>
      </body>
    </html>
  );
}
