import { Skeleton } from "./ui/skeleton.tsx";

/** Placeholder rows while a list loads (`label` is read out instead). */
export function TableSkeleton({
  rows = 3,
  label,
  testId,
}: {
  rows?: number;
  label: string;
  testId?: string;
}) {
  return (
    <div
      className="flex flex-col gap-3 rounded-xl border border-border p-4"
      role="status"
      aria-label={label}
      data-testid={testId}
    >
      <Skeleton className="h-4 w-1/3" />
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: fixed placeholders
        <Skeleton key={i} className="h-9 w-full" />
      ))}
      <span className="sr-only">{label}</span>
    </div>
  );
}
