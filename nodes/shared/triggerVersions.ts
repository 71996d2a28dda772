/**
 * The versions of every trigger in this package, the n8n way (light versioning): workflows at
 * version 1 keep working unchanged, new ones get 1.1.
 *
 * Why 1.1: n8n (2.41, `parseRequestBody`) evaluates the old Webhook node's `binaryData` option, one
 * expression isolate per request, only for nodes at version 1, and at a later version leaves the
 * body of a content type it does not parse unread: webhook() then reads the raw bytes itself
 * (`readRawBody`). Nothing else differs between the versions.
 */
export const TRIGGER_VERSIONS = [1, 1.1];
export const DEFAULT_TRIGGER_VERSION = 1.1;
