// The bounded part of the hostile suite that CI runs with the other end-to-end tests (regular
// mode, one n8n): 600 deliveries at concurrency 50 with 30 % duplicates, SIGKILL in the middle of
// 300 more and restart, hostile HTTP. `npm run test:hostile` runs the full sizes.
process.env.HOSTILE_LOAD_TOTAL ??= '600';
process.env.HOSTILE_KILL_TOTAL ??= '300';
await import('../hostile/load.hostile.mjs');
