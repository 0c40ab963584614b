/**
 * A batch's commit rolled back because an approval riding in it found its authorization no longer open
 * (APPROVALS_NOT_ALL_WRITTEN): nothing of the batch was written. Escapes the batch writer only when no
 * row was closed or reversed after all — the approval was refused for another reason.
 */
export class ApprovalsNotWritten extends Error {
  override readonly name = 'ApprovalsNotWritten';
}
