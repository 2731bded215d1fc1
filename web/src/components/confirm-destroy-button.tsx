"use client";

import { useState } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogFooter,
  AlertDialogTrigger,
} from "./ui/alert-dialog.tsx";
import { Button } from "./ui/button.tsx";

/**
 * A Destroy button that asks first. Destroying terminates the VM's stream too (as the CLI's
 * `golem vm destroy` does), unless the user ticks "keep the stream".
 */
export function ConfirmDestroyButton({
  vmName,
  streamId,
  streamOpen,
  disabled,
  onConfirm,
}: {
  vmName: string;
  streamId: string;
  streamOpen: boolean;
  disabled: boolean;
  onConfirm: (options: { keepStream: boolean }) => void;
}) {
  const [keepStream, setKeepStream] = useState(false);
  return (
    <AlertDialog onOpenChange={(open) => open && setKeepStream(false)}>
      <AlertDialogTrigger asChild>
        <Button variant="destructive" size="sm" disabled={disabled}>
          Destroy
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent
        title={`Destroy ${vmName}?`}
        description={
          streamOpen
            ? `The VM and its disk are deleted for good. Stream #${streamId} is terminated first from your wallet: what accrued goes to the provider, the rest comes back to you.`
            : "The VM and its disk are deleted for good. Its stream is already closed."
        }
      >
        {streamOpen ? (
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5"
              name="keepStream"
              checked={keepStream}
              onChange={(event) => setKeepStream(event.target.checked)}
            />
            Keep stream #{streamId} open (it goes on paying the provider until you terminate it)
          </label>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction destructive onClick={() => onConfirm({ keepStream })}>
            {keepStream || !streamOpen ? "Destroy VM" : "Terminate stream and destroy"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
