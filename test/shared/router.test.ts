import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	errorItem,
	operationFields,
	routeItems,
	type Resources,
} from '../../nodes/shared/actions/router';

const node: INode = {
	id: 'n',
	name: 'Action',
	type: 'test.action',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function contextFor(
	items: INodeExecutionData[],
	parameters: (itemIndex: number) => Record<string, unknown>,
	continueOnFail = false,
): IExecuteFunctions {
	return {
		getNode: () => node,
		getInputData: () => items,
		getNodeParameter: (name: string, itemIndex: number) => parameters(itemIndex)[name],
		continueOnFail: () => continueOnFail,
	} as unknown as IExecuteFunctions;
}

const resources: Resources = {
	thing: {
		get: {
			description: [{ displayName: 'ID', name: 'id', type: 'string', default: '' }],
			async execute(this: IExecuteFunctions, itemIndex: number) {
				const id = this.getNodeParameter('id', itemIndex) as string;
				if (id === 'api-fail')
					throw new NodeApiError(
						this.getNode(),
						{ httpCode: '404' },
						{ message: 'No thing', description: 'Check the ID', httpCode: '404' },
					);
				if (id === 'fail') throw new NodeOperationError(this.getNode(), 'Bad ID');
				return [{ id }, { id: `${id}-copy` }];
			},
		},
	},
};

describe('routeItems', () => {
	const items = [{ json: {} }, { json: {} }];
	const ids = ['a', 'api-fail'];
	const parameters = (itemIndex: number) => ({
		resource: 'thing',
		operation: 'get',
		id: ids[itemIndex],
	});

	it('pairs every output item with its input item', async () => {
		const [output] = await routeItems(
			contextFor([{ json: {} }], () => parameters(0)),
			resources,
		);
		expect(output).toEqual([
			{ json: { id: 'a' }, pairedItem: { item: 0 } },
			{ json: { id: 'a-copy' }, pairedItem: { item: 0 } },
		]);
	});

	it('with Continue On Fail, turns a failure into one error item and goes on', async () => {
		const [output] = await routeItems(contextFor(items, parameters, true), resources);
		expect(output).toEqual([
			{ json: { id: 'a' }, pairedItem: { item: 0 } },
			{ json: { id: 'a-copy' }, pairedItem: { item: 0 } },
			{
				json: { error: 'No thing', description: 'Check the ID', httpCode: '404' },
				pairedItem: { item: 1 },
			},
		]);
	});

	it('without Continue On Fail, stops with the error and its item index', async () => {
		const failure = await routeItems(contextFor(items, parameters), resources).catch(
			(error: unknown) => error,
		);
		expect(failure).toBeInstanceOf(NodeApiError);
		expect((failure as NodeApiError).message).toBe('No thing');
		expect((failure as NodeApiError).context.itemIndex).toBe(1);
	});

	it('names an unknown resource or operation', async () => {
		const context = contextFor([{ json: {} }], () => ({
			resource: 'thing',
			operation: 'toString',
		}));
		await expect(routeItems(context, resources)).rejects.toThrow(
			'The operation "toString" is not supported for "thing"',
		);
	});
});

describe('errorItem', () => {
	it('keeps message and description only', () => {
		expect(errorItem(new Error('boom'), 3)).toEqual({
			json: { error: 'boom' },
			pairedItem: { item: 3 },
		});
	});
});

describe('operationFields', () => {
	it('shows each field under its own resource and operation only', () => {
		expect(operationFields(resources)).toEqual([
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				default: '',
				displayOptions: { show: { resource: ['thing'], operation: ['get'] } },
			},
		]);
	});
});
