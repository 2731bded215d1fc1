"use client";

import { ConnectButton } from "@rainbow-me/rainbowkit";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "../lib/cn.ts";

const links = [
  ["/providers", "Providers"],
  ["/vms", "My VMs"],
  ["/streams", "Streams"],
  ["/provider", "Provider"],
] as const;

/** Brand, pages and Connect; on a phone the pages wrap to a second row so Connect stays in view. */
export function Header() {
  // The static site's paths end in a slash (`/providers/`); the links do not.
  const pathname = usePathname().replace(/(.)\/+$/, "$1");
  return (
    <header className="sticky top-0 z-40 border-b border-border bg-background/85 backdrop-blur">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link
          href="/"
          className="order-1 flex items-center gap-2 font-semibold text-foreground hover:no-underline"
        >
          <span aria-hidden="true" className="size-6 rounded-md bg-primary" />
          VM on Golem
        </Link>
        <nav className="order-3 -mx-1 flex w-full gap-1 overflow-x-auto md:order-2 md:mx-0 md:w-auto md:flex-1">
          {links.map(([href, label]) => (
            <Link
              key={href}
              href={href}
              className={cn(
                "whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm font-medium text-muted-foreground hover:bg-muted hover:text-foreground hover:no-underline",
                pathname === href && "bg-muted text-foreground",
              )}
              aria-current={pathname === href ? "page" : undefined}
            >
              {label}
            </Link>
          ))}
        </nav>
        <div className="order-2 ml-auto md:order-3">
          <ConnectButton
            showBalance={false}
            chainStatus="icon"
            accountStatus={{ smallScreen: "avatar", largeScreen: "full" }}
          />
        </div>
      </div>
    </header>
  );
}
