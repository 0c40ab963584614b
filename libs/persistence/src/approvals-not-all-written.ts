/**
 * SQLSTATE of `bridge_all_approved` (migration 1766300000000): a batch's approvals did not all land, so
 * its payments rolled back with them. Class BR is the bridge's own: PostgreSQL uses none starting with B.
 */
export const APPROVALS_NOT_ALL_WRITTEN = 'BR001';
