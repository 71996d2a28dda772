import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_LEDGER_LIMITS, type LedgerLimits } from './dedupe/ledger';

/** The values of a trigger's "Options" collection that the shared delivery code reads. */
export interface DeliveryOptions {
	acceptCompactBody?: boolean;
	dedupeMaxEntries?: number;
	dedupeWindowHours?: number;
	includeHeaders?: boolean;
	timestampToleranceSeconds?: number;
}

export const DEFAULT_TIMESTAMP_TOLERANCE_SECONDS = 300;

export const acceptCompactBodyOption: INodeProperties = {
	displayName: 'Accept Re-Serialized Body Signatures',
	name: 'acceptCompactBody',
	type: 'boolean',
	default: false,
	description:
		'Whether to also accept a signature computed over the compact JSON re-serialization of the body when the raw bytes do not match. Leave off unless the sender signs compact JSON but sends it reformatted; the output says which form matched.',
};

export const dedupeMaxEntriesOption: INodeProperties = {
	displayName: 'Dedupe Memory Size',
	name: 'dedupeMaxEntries',
	type: 'number',
	typeOptions: { minValue: 100, maxValue: 100000 },
	default: 5000, // DEFAULT_LEDGER_LIMITS.maxEntries (the linter wants a literal)
	description:
		"How many recent deliveries to remember for dropping duplicates: in workflow static data (about 27 bytes each) and in n8n's processed-data store (about 54 bytes each, read and written with every delivery; in queue mode the only memory workers share). The oldest are forgotten first; if that forgets one a replayed copy could still pass the timestamp check with, n8n's log says so.",
};

export const dedupeWindowOption: INodeProperties = {
	displayName: 'Dedupe Window (Hours)',
	name: 'dedupeWindowHours',
	type: 'number',
	typeOptions: { minValue: 0.1, maxValue: 720 },
	default: 24, // DEFAULT_LEDGER_LIMITS.ttlSeconds in hours
	description:
		'How long a delivery is remembered; a copy arriving within this time does not start the workflow again. Never shorter than twice the Timestamp Tolerance where the trigger checks timestamps, so a replay that passes that check is still caught.',
};

export const includeHeadersOption: INodeProperties = {
	displayName: 'Include Headers',
	name: 'includeHeaders',
	type: 'boolean',
	default: false,
	description: 'Whether to add the request headers to the output item under "headers"',
};

export const timestampToleranceOption: INodeProperties = {
	displayName: 'Timestamp Tolerance (Seconds)',
	name: 'timestampToleranceSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 86400 },
	default: 300, // DEFAULT_TIMESTAMP_TOLERANCE_SECONDS
	description:
		'How far the delivery timestamp may be in the past or the future. Older deliveries are rejected as possible replays.',
};

export function ledgerLimits(options: DeliveryOptions): LedgerLimits {
	return {
		maxEntries: Math.floor(options.dedupeMaxEntries ?? DEFAULT_LEDGER_LIMITS.maxEntries),
		ttlSeconds: Math.round(
			(options.dedupeWindowHours ?? DEFAULT_LEDGER_LIMITS.ttlSeconds / 3600) * 3600,
		),
	};
}

/** The option to raise when the ledger's size bound cuts into the replay window (named in n8n's log). */
export const DEDUPE_MEMORY_OPTION_NAME = dedupeMaxEntriesOption.displayName;

/** The static-data key of the dedupe ledger, in each trigger node's own static data. */
export const LEDGER_KEY = 'deliveryLedger';

/** Value of the event multi-select meaning "every event". */
export const ANY_EVENT = '*';
