import type { ComponentProps, ReactNode } from "react";
import { cn } from "../lib/cn.ts";

/** What a list shows when it has nothing to show: a title, a sentence, maybe an action. */
export function EmptyState({
  title,
  children,
  action,
  className,
  ...props
}: ComponentProps<"div"> & { title: string; action?: ReactNode }) {
  return (
    <div
      className={cn(
        "flex flex-col items-center gap-2 rounded-xl border border-dashed border-border px-4 py-10 text-center",
        className,
      )}
      {...props}
    >
      <p className="font-semibold">{title}</p>
      {children ? <p className="max-w-md text-sm text-muted-foreground">{children}</p> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
