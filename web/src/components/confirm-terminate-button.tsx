"use client";

import type { ReactNode } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogFooter,
  AlertDialogTrigger,
} from "./ui/alert-dialog.tsx";
import { Button } from "./ui/button.tsx";

/** A Terminate button that asks first: closing a stream cannot be undone. */
export function ConfirmTerminateButton({
  streamId,
  disabled,
  onConfirm,
  children = "Terminate",
  size = "sm",
}: {
  streamId: string;
  disabled: boolean;
  onConfirm: () => void;
  children?: ReactNode;
  size?: "sm" | "default";
}) {
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button variant="outline" size={size} disabled={disabled}>
          {children}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent
        title={`Terminate stream #${streamId}?`}
        description="What has accrued goes to the provider and the rest comes back to the payer, in one transaction. The stream cannot be reopened: a VM it pays for is stopped by its provider and later destroyed."
      >
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction destructive onClick={onConfirm}>
            Terminate stream
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
