import type { ComponentProps } from "react";
import { cn } from "../../lib/cn.ts";

/** A pulsing placeholder where content is still loading. */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      aria-hidden="true"
      className={cn("animate-pulse rounded-md bg-muted", className)}
      {...props}
    />
  );
}
