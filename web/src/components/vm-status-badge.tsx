import { Badge, type BadgeVariant } from "./ui/badge.tsx";

const variants: Record<string, BadgeVariant> = {
  running: "success",
  creating: "warning",
  starting: "warning",
  stopping: "warning",
  destroying: "warning",
  stopped: "secondary",
  failed: "destructive",
  destroyed: "outline",
};

const busy = new Set(["creating", "starting", "stopping", "destroying"]);

/** A VM's state from its provider (or "destroyed", "unknown" from the page) as a coloured badge. */
export function VmStatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <Badge variant={variants[status] ?? "outline"} data-testid={testId}>
      {busy.has(status) || status === "running" ? (
        <span
          aria-hidden="true"
          className={`size-1.5 rounded-full bg-current ${busy.has(status) ? "animate-pulse" : ""}`}
        />
      ) : null}
      {status}
    </Badge>
  );
}
