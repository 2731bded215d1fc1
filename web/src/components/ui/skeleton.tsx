import type { ComponentProps } from "react";
import { cn } from "../../lib/cn.ts";

/**
 * A pulsing placeholder where content is still loading. A `<span>` shown as a block, so it may
 * stand inside a paragraph (a `<div>` there breaks the server's HTML and so hydration).
 */
export function Skeleton({ className, ...props }: ComponentProps<"span">) {
  return (
    <span
      aria-hidden="true"
      className={cn("block animate-pulse rounded-md bg-muted", className)}
      {...props}
    />
  );
}
