import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** The Return All / Limit pair every action node's list operations show. */
export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

/** Return All, or up to Limit: what a list operation fetches for this item. */
export function howMany(context: IExecuteFunctions, itemIndex: number): { max?: number } {
	if (context.getNodeParameter('returnAll', itemIndex, false) === true) return {};
	return {
		max: Math.max(1, Math.floor(context.getNodeParameter('limit', itemIndex, 50) as number)),
	};
}
