#!/usr/bin/env node
// npm run send -- <meetbit|meetgeek|meetergo> --url URL [--secret S] [--event E] [--id ID]
//                 [--repeat N] [--tamper] [--stale]
// Sends a realistic delivery, signed exactly as the provider signs it, and prints each answer.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

import { buildDelivery, EVENTS, PROVIDERS, send } from './lib/deliveries.mjs';

const usage = `usage: npm run send -- <${PROVIDERS.join('|')}> --url URL [--secret S] [--event E] [--id ID] [--repeat N] [--tamper] [--stale]
  --url     the trigger's Production URL, or its Test URL while n8n listens for a test event
            (for meetergo: the registered URL, with its ?token=)
  --secret  the signing secret (MeetBit, MeetGeek); omit for meetergo
  --event   ${Object.entries(EVENTS)
		.map(([provider, events]) => `${provider}: ${events.join(', ')}`)
		.join('\n            ')}
  --id      delivery id (MeetBit X-Webhook-Id), meeting id (MeetGeek) or appointment id (meetergo); random by default
  --repeat  send the same delivery N times (retries keep the id; MeetBit re-stamps and re-signs each)
  --tamper  change one byte of the body after signing (expect 401)
  --stale   stamp the delivery 10 minutes ago (MeetBit; expect 401)`;

let parsed;
try {
	parsed = parseArgs({
		allowPositionals: true,
		options: {
			url: { type: 'string' },
			secret: { type: 'string' },
			event: { type: 'string' },
			id: { type: 'string' },
			repeat: { type: 'string', default: '1' },
			tamper: { type: 'boolean', default: false },
			stale: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false },
		},
	});
} catch (error) {
	console.error(`${error.message}\n${usage}`);
	process.exit(2);
}
const { values, positionals } = parsed;
const provider = positionals[0];
if (values.help || !PROVIDERS.includes(provider) || !values.url) {
	console.error(usage);
	process.exit(values.help ? 0 : 2);
}
if (values.event && !EVENTS[provider].includes(values.event)) {
	console.error(
		`unknown ${provider} event ${values.event}; use one of ${EVENTS[provider].join(', ')}`,
	);
	process.exit(2);
}
if (provider !== 'meetergo' && !values.secret)
	console.error('note: no --secret given, the delivery is unsigned');

const repeat = Math.max(1, Number.parseInt(values.repeat, 10) || 1);
// Retries keep the first attempt's id, as the providers' own retries do.
const id = values.id ?? (provider === 'meetergo' ? `appt-${randomUUID()}` : randomUUID());
let failures = 0;
for (let attempt = 1; attempt <= repeat; attempt += 1) {
	const delivery = buildDelivery(provider, { ...values, id });
	let result;
	try {
		result = await send(values.url, delivery);
	} catch (error) {
		console.error(
			`#${attempt} could not reach ${values.url}: ${error.cause?.code ?? error.message}`,
		);
		process.exit(1);
	}
	console.log(
		`#${attempt} ${provider} ${values.event ?? 'default event'} -> HTTP ${result.status} ${result.body === '' ? '(empty body)' : result.body}`,
	);
	if (result.status >= 500) failures += 1;
	if (result.status === 404 && new URL(values.url).pathname.includes('/webhook-test/')) {
		console.error(
			'n8n is not listening on this Test URL: click "Listen for test event" on the trigger (n8n listens for 120 seconds, and stops after the first delivery), then send again.',
		);
		process.exit(1);
	}
}
process.exit(failures > 0 ? 1 : 0);
