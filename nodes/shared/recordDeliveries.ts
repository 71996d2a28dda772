import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readLedger, recordDelivery } from '../core/ledger';
import { LEDGER_KEY, ledgerLimits, type DeliveryOptions } from './options';

/**
 * The trigger's `execute()`: the first step of the execution its `webhook()` started.
 * Records each delivery's key in the ledger here, because n8n ≥ 2.20 drops static-data changes made
 * in `webhook()` when that request starts an execution, but saves those made by the execution.
 */
export function recordDeliveries(context: IExecuteFunctions): INodeExecutionData[] {
	const items = context.getInputData();
	const options = context.getNodeParameter('options', 0, {}) as DeliveryOptions;
	const limits = ledgerLimits(options);
	const nowSeconds = Math.floor(Date.now() / 1000);
	const staticData = context.getWorkflowStaticData('node');
	const ledger = readLedger(staticData[LEDGER_KEY], nowSeconds);
	for (const item of items) {
		const delivery = item.json.delivery as { dedupeKey?: unknown } | undefined;
		if (typeof delivery?.dedupeKey === 'string') recordDelivery(ledger, delivery.dedupeKey, nowSeconds, limits);
	}
	// Assigning through the static-data proxy is what marks it changed for n8n to save.
	staticData[LEDGER_KEY] = ledger;
	return items.map((item, index) => ({ json: item.json, pairedItem: { item: index } }));
}
