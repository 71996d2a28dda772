import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

/**
 * One operation of an action node: the fields it shows and what it does for one input item.
 * Each lives in its own file (`nodes/<Provider>/actions/<resource>/<operation>.operation.ts`)
 * and knows nothing of the item loop, `continueOnFail` or `pairedItem`: the router owns those.
 */
export interface Operation {
	/** The operation's own fields; the node shows them for this resource and operation only. */
	description: INodeProperties[];
	/** Returns the output items' JSON for input item `itemIndex`; throws a NodeApiError or NodeOperationError. */
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]>;
}

/** resource value → operation value → operation. */
export type Resources = Record<string, Record<string, Operation>>;

/**
 * The fields of every operation, each shown only under its own resource and operation, in the
 * order the resources and operations are listed.
 */
export function operationFields(resources: Resources): INodeProperties[] {
	const fields: INodeProperties[] = [];
	for (const [resource, operations] of Object.entries(resources)) {
		for (const [operation, { description }] of Object.entries(operations)) {
			for (const field of description) {
				const show = {
					...field.displayOptions?.show,
					resource: [resource],
					operation: [operation],
				};
				fields.push({ ...field, displayOptions: { ...field.displayOptions, show } });
			}
		}
	}
	return fields;
}

/**
 * The item loop every action node in this package shares: runs the selected operation once per
 * input item, pairs each output item with its input, and with "Continue On Fail" turns a failure
 * into one error item of the package's single shape (see `errorItem`) instead of stopping.
 */
export async function routeItems(
	context: IExecuteFunctions,
	resources: Resources,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const operation = operationFor(context, resources, itemIndex);
			const results = await operation.execute.call(context, itemIndex);
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (context.continueOnFail()) {
				output.push(errorItem(error, itemIndex));
				continue;
			}
			throw asNodeError(context, error, itemIndex);
		}
	}
	return [output];
}

/**
 * The one shape of an error item across the package: `error` (what went wrong), `description`
 * (what to do) when there is one, and `httpCode` for API failures. Built from the error's message
 * and description only, which never carry a credential.
 */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const failure = error as { message?: unknown; description?: unknown; httpCode?: unknown } | null;
	const json: IDataObject = {
		error: typeof failure?.message === 'string' ? failure.message : String(error),
	};
	if (typeof failure?.description === 'string' && failure.description !== '')
		json.description = failure.description;
	if (typeof failure?.httpCode === 'string' && failure.httpCode !== '')
		json.httpCode = failure.httpCode;
	return { json, pairedItem: { item: itemIndex } };
}

function operationFor(
	context: IExecuteFunctions,
	resources: Resources,
	itemIndex: number,
): Operation {
	const resource = context.getNodeParameter('resource', itemIndex) as string;
	const operation = context.getNodeParameter('operation', itemIndex) as string;
	const found = Object.hasOwn(resources, resource)
		? Object.hasOwn(resources[resource], operation)
			? resources[resource][operation]
			: undefined
		: undefined;
	if (found === undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operation}" is not supported for "${resource}"`,
			{ itemIndex, description: 'Pick the resource and operation again in the node.' },
		);
	}
	return found;
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	// NodeApiError and NodeOperationError come back unchanged from these constructors, so the
	// item index is added to the error itself when the operation did not set it.
	const nodeError =
		error instanceof NodeApiError
			? new NodeApiError(context.getNode(), error as unknown as JsonObject)
			: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	nodeError.context.itemIndex ??= itemIndex;
	return nodeError;
}
