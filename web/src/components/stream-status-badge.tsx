import { Badge, type BadgeVariant } from "./ui/badge.tsx";

/** What a stream is: paying, open but out of funds, or closed. */
export type StreamStatus = "active" | "ran dry" | "terminated";

const variants: Record<StreamStatus, BadgeVariant> = {
  active: "success",
  "ran dry": "warning",
  terminated: "outline",
};

/** A stream's state as a coloured badge. */
export function StreamStatusBadge({ status, testId }: { status: StreamStatus; testId?: string }) {
  return (
    <Badge variant={variants[status]} data-testid={testId}>
      {status}
    </Badge>
  );
}
