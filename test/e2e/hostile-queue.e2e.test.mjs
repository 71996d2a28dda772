// The bounded queue-mode part of the hostile suite that CI runs with the other end-to-end tests:
// PostgreSQL and Redis (Debian's packages), an n8n main, two webhook processes and a worker;
// 300 deliveries at concurrency 50 with 30 % duplicates through both webhook processes.
// `npm run test:hostile` runs 2,000.
process.env.HOSTILE_LOAD_TOTAL ??= '300';
await import('../hostile/queue.hostile.mjs');
